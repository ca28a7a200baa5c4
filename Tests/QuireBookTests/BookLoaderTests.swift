import Foundation
import Testing
@testable import QuireBook
import QuireSupport

/// Fixtures live in Tests/QuireBookTests/Fixtures.
func fixture(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
}

/// A readable dump of ids, URLs and the sidebar, compared against a golden file.
func dump(_ book: Book) -> String {
    var out = "pages:\n"
    for p in book.pages {
        out += "  \(p.source) id=\(p.id) url=\(p.url) title=\(p.title) label=\(p.sidebarLabel)\(p.isCategoryIndex ? " [index]" : "")\n"
    }
    out += "sidebar:\n"
    func walk(_ items: [SidebarItem], _ indent: String) {
        for item in items {
            switch item {
            case let .doc(i, label):
                out += "\(indent)- \(label) (\(book.pages[i].url))\n"
            case let .category(ci, children):
                let c = book.categories[ci]
                var link = ""
                switch c.link {
                case let .doc(i): link = " -> \(book.pages[i].url)"
                case .generatedIndex: link = " -> generated-index"
                case .none: break
                }
                out += "\(indent)+ \(c.label)\(link)\(c.collapsed ? "" : " [open]")\n"
                walk(children, indent + "  ")
            case let .link(label, href):
                out += "\(indent)- \(label) -> \(href) [link]\n"
            case let .html(value):
                out += "\(indent)- html: \(value)\n"
            }
        }
    }
    walk(book.sidebar, "  ")
    out += "assets: \(book.assets.joined(separator: ", "))\n"
    return out
}

@Suite struct BookLoaderTests {
    @Test func orderingAndURLsMatchDocusaurus() throws {
        let book = try BookLoader(config: SiteConfig()).load(root: fixture("tree"))
        if ProcessInfo.processInfo.environment["QUIRE_UPDATE_GOLDEN"] != nil {
            try dump(book).write(to: fixture("tree.golden.txt"), atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: fixture("tree.golden.txt"), encoding: .utf8)
        #expect(dump(book) == golden)
    }

    @Test func numberPrefixes() {
        #expect(NumberPrefix.parse("01-intro") == ("intro", 1))
        #expect(NumberPrefix.parse("1 - Intro") == ("Intro", 1))
        #expect(NumberPrefix.parse("10_setup") == ("setup", 10))
        #expect(NumberPrefix.parse("4.2-topic").prefix == nil)
        #expect(NumberPrefix.parse("2021-01-01-post").prefix == nil)
        #expect(NumberPrefix.parse("v1.0-notes").prefix == nil)
        #expect(NumberPrefix.parse("123").prefix == nil)
        #expect(NumberPrefix.parse("3d-printing").name == "3d-printing")
        #expect(NumberPrefix.parse("01-").prefix == nil)
    }

    @Test func baseUrlAndRouteBasePath() throws {
        var cfg = SiteConfig()
        cfg.baseUrl = "/book/"
        cfg.routeBasePath = "/"
        let book = try BookLoader(config: cfg).load(root: fixture("tree"))
        let urls = Set(book.pages.map(\.url))
        #expect(urls.contains("/book/intro"))
        #expect(urls.contains("/book/getting-started/"))
        #expect(urls.contains("/book/custom/c-page"))
    }

    @Test func siteConfigValidation() throws {
        let c = try SiteConfig.parse("title: T\nbaseUrl: /x\nurl: https://a.b/\n")
        #expect(c.baseUrl == "/x/")
        #expect(c.url == "https://a.b")
        #expect(c.docsPrefix == "/x/docs/")
        #expect(throws: QuireError.self) { try SiteConfig.parse("baseUrl: x/") }
        #expect(throws: QuireError.self) { try SiteConfig.parse("titel: typo") }
        let e = #expect(throws: QuireError.self) { try SiteConfig.parse("title: [unclosed\n", file: "quire.yml") }
        #expect(e?.file == "quire.yml")
        #expect(e?.line != nil)
    }
}

@Suite struct BookErrorTests {
    func tempBook(_ files: [String: Data]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-book-\(UUID())")
        for (path, data) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        return dir
    }

    func errors(_ files: [String: String]) throws -> [QuireError] {
        try errors(files.mapValues { Data($0.utf8) })
    }

    func errors(_ files: [String: Data]) throws -> [QuireError] {
        let dir = try tempBook(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try BookLoader(config: SiteConfig()).load(root: dir)
            return []
        } catch let e as QuireErrors {
            return e.errors
        }
    }

    @Test func malformedFrontMatterNamesFileAndLine() throws {
        let errs = try errors(["a.md": "---\ntitle: ok\ndescription: [unclosed\nslug: x\n---\nbody\n"])
        #expect(errs.count == 1)
        #expect(errs[0].file == "a.md")
        #expect(errs[0].line == 4 || errs[0].line == 3)
        #expect(errs[0].description.hasPrefix("a.md:"))
        #expect(errs[0].message.contains("malformed front matter"))
    }

    @Test func wrongTypesInFrontMatter() throws {
        let errs = try errors(["a.md": "---\ntitle: ok\nsidebar_position: first\n---\n", "b.md": "---\ndraft: maybe\n---\n"])
        #expect(errs.count == 2)
        #expect(errs.contains { $0.file == "a.md" && $0.line == 3 && $0.message.contains("sidebar_position") })
        #expect(errs.contains { $0.file == "b.md" && $0.line == 2 && $0.message.contains("draft") })
    }

    @Test func unclosedFrontMatter() throws {
        let errs = try errors(["a.md": "---\ntitle: x\n\nbody\n"])
        #expect(errs.first?.line == 1)
        #expect(errs.first?.message.contains("never closed") == true)
    }

    @Test func duplicateSlugAndID() throws {
        let errs = try errors([
            "a.md": "---\nslug: /same\n---\n", "b.md": "---\nslug: /same\n---\n",
            "x/one.md": "---\nid: dup\n---\n", "x/two.md": "---\nid: dup\n---\n",
        ])
        #expect(errs.contains { $0.code == .duplicateSlug && $0.file == "b.md" && $0.message.contains("a.md") })
        #expect(errs.contains { $0.code == .duplicateID && $0.file == "x/two.md" && $0.message.contains("x/one.md") })
    }

    @Test func notUTF8() throws {
        var bytes = Data("line one\nline two \u{00e9}\n".utf8)
        bytes.append(contentsOf: [0x0a, 0xff, 0xfe, 0x0a])
        let errs = try errors(["bad.md": bytes])
        #expect(errs.count == 1)
        #expect(errs[0].code == .encoding)
        #expect(errs[0].line == 4)
    }

    @Test func fileOverFiveMegabytes() throws {
        let big = Data(repeating: UInt8(ascii: "a"), count: BookLoader.maxFileSize + 1)
        let errs = try errors(["huge.md": big])
        #expect(errs.count == 1)
        #expect(errs[0].code == .tooLarge)
        #expect(errs[0].file == "huge.md")
    }

    @Test func allErrorsReportedTogether() throws {
        let errs = try errors(["a.md": "---\ntitle: [\n---\n", "b.md": "---\nhide_title: 3\n---\n", "c/_category_.json": "{\"position\": \"x\"}", "c/d.md": "x"])
        #expect(errs.count == 3)
        #expect(errs.contains { $0.file == "c/_category_.json" && $0.message.contains("position") })
    }
}
