import Foundation
import Testing
import QuireBook
@testable import QuireSite
import QuireSupport

/// The "everything" fixture book (`Fixtures/everything-book/`): a small Docusaurus docs root
/// with every book-level feature, built with the repo's real `templates/`. Every HTML file and
/// `sitemap.xml` is compared exactly with `Fixtures/everything-book.golden/`.
///
/// Regenerate (then read the diff before committing):
///     QUIRE_UPDATE_GOLDEN=1 swift test --filter EverythingBookTests
@Suite struct EverythingBookTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repo = here.deletingLastPathComponent().deletingLastPathComponent()
    static let source = here.appendingPathComponent("Fixtures/everything-book")
    static let golden = here.appendingPathComponent("Fixtures/everything-book.golden")

    static func config() -> SiteConfig {
        var c = SiteConfig()
        c.title = "Everything Book"
        c.tagline = "Every feature on one small book"
        c.url = "https://book.example.org"
        c.editUrl = "https://example.com/repo/edit/main/docs"
        return c
    }

    /// Builds the fixture book into a fresh temporary folder.
    static func build() throws -> (out: URL, result: SiteBuildResult) {
        let book = try BookLoader(config: config()).load(root: source)
        var options = SiteBuildOptions(templates: repo.appendingPathComponent("templates"))
        options.links = .error
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("quire-everything-\(UUID())")
        let staging = try OutputDirectory(out)
        let result = try SiteBuilder(book: book, options: options).build(into: staging.staging)
        try staging.commit()
        return (out, result)
    }

    /// Relative paths of the compared files (`*.html`, `sitemap.xml`) under `root`, sorted.
    static func comparedFiles(_ root: URL) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var out: [String] = []
        while let p = e.nextObject() as? String {
            if p.hasPrefix("assets/") { continue }
            if p.hasSuffix(".html") || p == "sitemap.xml" { out.append(p) }
        }
        return out.sorted()
    }

    @Test func everyPageMatchesGolden() throws {
        let (out, _) = try Self.build()
        defer { try? FileManager.default.removeItem(at: out) }
        let files = Self.comparedFiles(out)
        let fm = FileManager.default
        if ProcessInfo.processInfo.environment["QUIRE_UPDATE_GOLDEN"] != nil {
            try? fm.removeItem(at: Self.golden)
            for f in files {
                let dst = Self.golden.appendingPathComponent(f)
                try fm.createDirectory(at: dst.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.copyItem(at: out.appendingPathComponent(f), to: dst)
            }
        }
        #expect(files == Self.comparedFiles(Self.golden), "set of produced files differs from the golden folder")
        for f in files {
            let got = try String(contentsOf: out.appendingPathComponent(f), encoding: .utf8)
            let want = (try? String(contentsOf: Self.golden.appendingPathComponent(f), encoding: .utf8)) ?? "<missing golden>"
            #expect(got == want, "\(f) differs from everything-book.golden/\(f) (QUIRE_UPDATE_GOLDEN=1 to regenerate)")
        }
    }

    @Test func bookStructure() throws {
        let (out, result) = try Self.build()
        defer { try? FileManager.default.removeItem(at: out) }
        let book = result.book
        // Drafts are not built; ids and URLs follow Docusaurus's rules.
        #expect(!book.pages.contains { $0.source.contains("draft") })
        let byID = Dictionary(uniqueKeysWithValues: book.pages.map { ($0.id, $0.url) })
        #expect(byID["intro"] == "/docs/intro")
        #expect(byID["guide/basics"] == "/docs/guide/basics")
        #expect(byID["guide/tabs"] == "/docs/guide/tabs")
        #expect(byID["reference/the-api"] == "/docs/reference/custom-api")
        #expect(byID["reference/index"] == "/docs/reference/")
        #expect(byID["reference/nested/deep"] == "/docs/deep-page")
        #expect(byID["appendix/README"] == "/docs/appendix/")
        #expect(result.warnings.isEmpty)

        // Reading order: the flattened sidebar, generated index and category docs included.
        let nav = Navigation(book: book)
        #expect(nav.order.map(nav.url(of:)) == [
            "/docs/intro",
            "/docs/category/the-guide", "/docs/guide/basics", "/docs/guide/tabs", "/docs/guide/math",
            "/docs/reference/", "/docs/reference/custom-api", "/docs/reference/nested/shallow", "/docs/deep-page",
            "/docs/appendix/", "/docs/appendix/sources", "/docs/appendix/glossary",
        ])
        // The unlisted page is built, kept out of the sitemap and marked noindex.
        let secret = try String(contentsOf: out.appendingPathComponent("docs/guide/secret/index.html"), encoding: .utf8)
        #expect(secret.contains("<meta name=\"robots\" content=\"noindex\">"))
        let sitemap = try String(contentsOf: out.appendingPathComponent("sitemap.xml"), encoding: .utf8)
        #expect(!sitemap.contains("secret"))
        #expect(sitemap.contains("<loc>https://book.example.org/docs/category/the-guide</loc>"))
        // The image is copied with the book.
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("assets/docs/01-guide/img/diagram.svg").path))
    }
}
