import Dispatch
import Foundation
import Mustache
import QuireBook
import QuireMarkdown
import QuireSupport

/// What to do with broken links.
public enum LinkPolicy: String, Sendable { case error, warn }

public struct SiteBuildOptions: Sendable {
    /// Folder with `page.mustache` and `assets/`.
    public var templates: URL
    public var links: LinkPolicy = .error
    /// Where Debian's libjs-highlight.js and libjs-katex live.
    public var vendorDirectory = URL(fileURLWithPath: "/usr/share/javascript")
    /// Called with (done, total) while rendering pages.
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init(templates: URL) { self.templates = templates }

    /// `$QUIRE_TEMPLATES`, else the theme built into the binary (see `EmbeddedTheme`).
    public static func defaultTemplates() -> URL {
        if let env = ProcessInfo.processInfo.environment["QUIRE_TEMPLATES"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        do {
            return try EmbeddedTheme.folder()
        } catch {
            // Reported by the build as "no page.mustache" in this folder, with the reason here.
            FileHandle.standardError.write(Data("quire: \(error)\n".utf8))
            return URL(fileURLWithPath: "/nonexistent/quire-built-in-theme")
        }
    }
}

/// The result of a site build: what the index builder needs and what to report.
public struct SiteBuildResult: Sendable {
    public var book: Book
    /// Rendered Markdown of every page, same order as `book.pages`.
    public var documents: [MarkdownDocument]
    public var warnings: [Diagnostic]
    /// HTML files written (pages, generated indexes, landing, 404).
    public var htmlFiles: Int
}

/// Renders a loaded book into a folder: pages, generated category indexes, landing page,
/// 404, sitemap, robots.txt, hashed assets, `.gz` siblings.
public struct SiteBuilder: Sendable {
    public let book: Book
    public let options: SiteBuildOptions

    public init(book: Book, options: SiteBuildOptions) {
        var b = book
        // Generated-index URLs (Docusaurus: /docs/category/<slug of label> unless `slug` is given).
        var used = Set<String>()
        for (ci, c) in b.categories.enumerated() {
            guard case let .generatedIndex(slug, _, _) = c.link else { continue }
            var s = slug ?? "/category/" + Slugger.slug(c.label)
            if !s.hasPrefix("/") { s = "/category/" + s }
            let prefix = c.docsPrefix ?? b.config.docsPrefix  // the category's docs instance
            var url = prefix + String(s.drop(while: { $0 == "/" }))
            var n = 1
            while used.contains(url) { url = prefix + String(s.drop(while: { $0 == "/" })) + "-\(n)"; n += 1 }
            used.insert(url)
            b.categories[ci].generatedIndexURL = url
        }
        self.book = b
        self.options = options
    }

    /// All the phases at once: render, check links, write. `BuildPipeline` (QuirePipeline) runs
    /// the same phases as named steps.
    public func build(into root: URL) throws -> SiteBuildResult {
        var site = try render(into: root)
        try checkLinks(&site)
        return try write(site)
    }

    func copyContentAssets(writer: SiteWriter) throws {
        if let dir = book.staticDirectory { try StaticFolder.copy(dir, with: writer) }
        for path in book.assets {
            let src = book.root.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: src.path) else {
                throw QuireError(.content, "cannot read file", file: path)
            }
            try writer.write(data, to: "assets/docs/" + path)
        }
    }

    func brokenLinks(documents: [MarkdownDocument], links: LinkTable) -> [Diagnostic] {
        let anchors: [Set<String>] = documents.map { Set($0.headings.map(\.id)).union($0.extraAnchors) }
        var out: [Diagnostic] = []
        for (i, doc) in documents.enumerated() {
            let page = book.pages[i]
            for link in doc.links {
                func report(_ msg: String) { out.append(Diagnostic(.error, msg, file: page.source, line: link.line)) }
                switch links.target(of: link.original, from: page) {
                case let .sameFile(fragment):
                    if !fragment.isEmpty, !anchors[i].contains(fragment), !anchors[i].contains(fragment.removingPercentEncoding ?? fragment) {
                        report("broken link '\(link.original)': no heading or anchor '#\(fragment)' in this page")
                    }
                case let .page(t, fragment?) where !fragment.isEmpty:
                    if !anchors[t].contains(fragment), !anchors[t].contains(fragment.removingPercentEncoding ?? fragment) {
                        report("broken link '\(link.original)': \(book.pages[t].source) has no heading or anchor '#\(fragment)'")
                    }
                case let .missing(path):
                    report("broken link '\(link.original)': \(path) is not a page or file of the book")
                default:
                    break
                }
            }
        }
        return out
    }
}
