import Foundation
import QuireBook
import QuireSupport
import Testing

/// quire.yml is read once, by `SettingsDocument`; the site's and the server's settings come from it.
@Suite struct SettingsDocumentTests {
    @Test func siteKeysAndTheServerSectionAreTyped() throws {
        let doc = try SettingsDocument.parse("""
            title: Robots
            server:
              port: 8080
              trustedProxies: [10.0.0.1, 10.0.0.2]
              llm:
                model: gpt-4o-mini
                timeoutSeconds: 2.5
              rateLimit: ~
            """, file: "book/quire.yml")
        #expect(doc.site == ["title": .string("Robots")])
        #expect(doc.server.map(\.key) == ["llm.model", "llm.timeoutSeconds", "port", "rateLimit", "trustedProxies"])
        #expect(doc.server.map(\.value) == [.string("gpt-4o-mini"), .double(2.5), .int(8080), .null,
                                            .list([.string("10.0.0.1"), .string("10.0.0.2")])])
        #expect(doc.server[4].value.strings == ["10.0.0.1", "10.0.0.2"])
        #expect(try SiteConfig.from(doc).title == "Robots")
    }

    @Test func shapesThatAreNotSettingsNameTheFileAndField() throws {
        let cases = [
            ("- a\n- b\n", "book/quire.yml: expected a mapping of settings"),
            ("server: [1]\n", "book/quire.yml: 'server' must be a mapping"),
            ("server:\n  llm: gpt\n", "book/quire.yml: 'server.llm' must be a mapping"),
        ]
        for (yaml, message) in cases {
            let e = try #require(#expect(throws: QuireError.self) { try SettingsDocument.parse(yaml, file: "book/quire.yml") })
            #expect(e.description.contains(message), "\(e.description)")
        }
    }

    @Test func anEmptyOrNullFileHasNoSettings() throws {
        for text in ["", "~\n", "# only a comment\n"] {
            let doc = try SettingsDocument.parse(text)
            #expect(doc.site.isEmpty && doc.server.isEmpty)
        }
    }
}
