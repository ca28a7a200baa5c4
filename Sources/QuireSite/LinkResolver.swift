import Foundation
import QuireBook

/// What a link destination in a page points to.
enum LinkTarget: Equatable {
    /// http:, mailto:, //host ... — left alone, not checked.
    case external
    /// `#x` in the same page.
    case sameFile(fragment: String)
    /// A doc of the book (by source or URL), with an optional fragment.
    case page(index: Int, fragment: String?)
    /// A generated category index page.
    case generated(url: String, fragment: String?)
    /// A file under the docs root, copied to the site.
    case asset(path: String)
    /// An absolute path outside the docs (static files), not checked.
    case unchecked
    /// A Markdown file or docs URL that does not exist.
    case missing(String)
}

/// Resolves link destinations the way Docusaurus does: relative `.md`/`.mdx` paths become
/// page URLs, other relative files become asset URLs, docs URLs are checked.
struct LinkTable: Sendable {
    let book: Book
    let assets: Set<String>
    let pageByURL: [String: Int]
    let generatedURLs: Set<String>
    let assetPrefix: String

    init(book: Book, generatedURLs: Set<String>) {
        self.book = book
        self.assets = Set(book.assets)
        var byURL: [String: Int] = [:]
        for (i, p) in book.pages.enumerated() { byURL[Self.normalize(p.url)] = i }
        self.pageByURL = byURL
        self.generatedURLs = Set(generatedURLs.map(Self.normalize))
        self.assetPrefix = book.config.baseUrl + "assets/docs/"
    }

    static func normalize(_ url: String) -> String {
        var u = url.removingPercentEncoding ?? url
        while u.count > 1 && u.hasSuffix("/") { u.removeLast() }
        if u.hasSuffix("/index.html") { u = String(u.dropLast(11)) }
        if u.hasSuffix(".html") { u = String(u.dropLast(5)) }
        return u
    }

    func target(of destination: String, from page: Page) -> LinkTarget {
        let dest = destination.trimmingCharacters(in: .whitespaces)
        if dest.isEmpty { return .sameFile(fragment: "") }
        if dest.hasPrefix("#") { return .sameFile(fragment: String(dest.dropFirst())) }
        if dest.hasPrefix("//") { return .external }
        if let colon = dest.firstIndex(of: ":"), !dest[..<colon].contains("/"), !dest[..<colon].contains("#") { return .external }
        var path = dest
        var fragment: String?
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[path.index(after: hash)...])
            path = String(path[..<hash])
        }
        if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
        let decoded = path.removingPercentEncoding ?? path
        let lower = decoded.lowercased()
        if lower.hasSuffix(".md") || lower.hasSuffix(".mdx") {
            let source = resolveSource(decoded, from: page)
            if let source, let i = book.pageIndex(source: source) { return .page(index: i, fragment: fragment) }
            return .missing(decoded)
        }
        if decoded.hasPrefix("/") {
            let n = Self.normalize(decoded)
            if let i = pageByURL[n] { return .page(index: i, fragment: fragment) }
            if generatedURLs.contains(n) { return .generated(url: decoded, fragment: fragment) }
            let docs = Self.normalize(book.config.docsPrefix)
            if n == docs || n.hasPrefix(docs + "/") {
                // A docs URL that is no page: maybe an asset path written absolute.
                return .missing(decoded)
            }
            return .unchecked
        }
        // Relative non-Markdown: a file next to the page, or a relative page URL.
        if let source = resolveSource(decoded, from: page), assets.contains(source) { return .asset(path: source) }
        if let source = resolveSource(decoded + ".md", from: page), let i = book.pageIndex(source: source) { return .page(index: i, fragment: fragment) }
        if let source = resolveSource(decoded + ".mdx", from: page), let i = book.pageIndex(source: source) { return .page(index: i, fragment: fragment) }
        // Relative URL against the page URL (Docusaurus-style `../other-page`).
        let base = page.url.hasSuffix("/") ? page.url : String(page.url[...page.url.lastIndex(of: "/")!])
        let resolvedURL = Self.resolve(decoded, against: base)
        if let i = pageByURL[Self.normalize(resolvedURL)] { return .page(index: i, fragment: fragment) }
        if generatedURLs.contains(Self.normalize(resolvedURL)) { return .generated(url: resolvedURL, fragment: fragment) }
        return .missing(decoded)
    }

    /// The href written into the HTML for a destination.
    func href(for destination: String, from page: Page) -> String? {
        switch target(of: destination, from: page) {
        case let .page(i, fragment):
            return book.pages[i].url + (fragment.map { "#" + $0 } ?? "")
        case let .generated(url, fragment):
            return url + (fragment.map { "#" + $0 } ?? "")
        case let .asset(path):
            return assetPrefix + path.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }.joined(separator: "/")
        default:
            return nil
        }
    }

    private func resolveSource(_ path: String, from page: Page) -> String? {
        if path.hasPrefix("/") {
            // Absolute from the docs root (`/intro.md`), as Docusaurus accepts.
            return Self.resolve(String(path.dropFirst()), against: "/").dropFirst().description
        }
        let dir = page.directory == "." ? "/" : "/" + page.directory + "/"
        let r = Self.resolve(path, against: dir)
        return String(r.dropFirst())
    }

    static func resolve(_ relative: String, against base: String) -> String {
        var parts = base.split(separator: "/").map(String.init)
        if !base.hasSuffix("/") && !parts.isEmpty { parts.removeLast() }
        for seg in relative.split(separator: "/", omittingEmptySubsequences: true) {
            if seg == "." { continue }
            if seg == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(String(seg))
        }
        return "/" + parts.joined(separator: "/") + (relative.hasSuffix("/") && !parts.isEmpty ? "/" : "")
    }
}
