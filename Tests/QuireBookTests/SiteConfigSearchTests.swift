import Testing
import QuireBook
import QuireSupport

/// `search: auto | server | static` in quire.yml (docs/search-bundle.md, "Server or bundle").
@Suite struct SiteConfigSearchTests {
    @Test func defaultsToAuto() throws {
        #expect(SiteConfig().search == .auto)
        #expect(try SiteConfig.parse("title: Book\n").search == .auto)
    }

    @Test func readsEachMode() throws {
        for mode in SiteConfig.SearchMode.allCases {
            #expect(try SiteConfig.parse("search: \(mode.rawValue)\n").search == mode)
        }
    }

    @Test func refusesOtherValuesNamingTheField() {
        for bad in ["search: offline\n", "search: 3\n", "search: [static]\n"] {
            do {
                _ = try SiteConfig.parse(bad, file: "quire.yml")
                Issue.record("accepted \(bad)")
            } catch let e as QuireError {
                #expect(e.message.contains("'search'"), "\(e.message)")
                #expect(e.file == "quire.yml")
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
