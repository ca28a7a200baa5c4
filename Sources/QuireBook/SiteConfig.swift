import Foundation
import QuireSupport

/// Site settings from `quire.yml`. Every field is optional in the file.
public struct SiteConfig: Sendable, Equatable {
    public var title: String = "Quire book"
    public var tagline: String = ""
    /// Production origin, e.g. `https://robots.example.edu` (for sitemap.xml, canonical links).
    public var url: String = "http://localhost:8080"
    /// Path the site is served under; starts and ends with `/`.
    public var baseUrl: String = "/"
    /// Route of the docs, `docs` by default (`/` serves docs at the root).
    public var routeBasePath: String = "docs"
    /// Prefix for "Edit this page" links; the page's source path is appended.
    public var editUrl: String?
    /// Where the widget finds the server (`apiBase`), same origin when nil.
    public var chatEndpoint: String?
    /// Footer text.
    public var footer: String?
    /// Which search the site's widget uses: the server, the static bundle in the site
    /// (docs/search-bundle.md), or `auto` (the server when `/api/ready` answers, else the bundle).
    public var search: SearchMode = .auto

    public enum SearchMode: String, Sendable, CaseIterable { case auto, server, `static` }
    /// From docusaurus.config (see `DocusaurusConfig`): icon path under baseUrl, navbar,
    /// footer link columns, `onBrokenLinks` (throw, warn, log, ignore), `markdown.mermaid`,
    /// and math (remark-math + rehype-katex). Nil: not configured (Quire's defaults).
    public var favicon: String?
    public var navbar: Navbar?
    public var footerLinks: [FooterColumn] = []
    public var onBrokenLinks: String?
    public var mermaid: Bool?
    public var math: Bool?

    public init() {}

    /// URL prefix of every doc, e.g. `/docs/` or `/book/docs/`.
    public var docsPrefix: String {
        let r = routeBasePath.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return r.isEmpty ? baseUrl : baseUrl + r + "/"
    }

    public static func load(from url: URL, base: SiteConfig = SiteConfig()) throws -> SiteConfig {
        try from(SettingsDocument.read(contentsOf: url, unreadable: "cannot read the site settings file (does it exist?)"), base: base)
    }

    /// Reads quire.yml; the settings it has replace those of `base` one by one.
    public static func parse(_ text: String, file: String = "quire.yml", base: SiteConfig = SiteConfig()) throws -> SiteConfig {
        try from(SettingsDocument.parse(text, file: file), base: base)
    }

    /// The site's settings of a read quire.yml (its top-level keys; `server:` is `quire serve`'s).
    public static func from(_ doc: SettingsDocument, base: SiteConfig = SiteConfig()) throws -> SiteConfig {
        var c = base
        let file = doc.file
        let known: Set<String> = ["title", "tagline", "url", "baseUrl", "routeBasePath", "editUrl", "chatEndpoint", "footer", "search", "server"]
        for key in doc.site.keys.sorted() where !known.contains(key) {
            throw QuireError(.config, "unknown setting '\(key)' (known: \(known.sorted().joined(separator: ", ")))", file: file)
        }
        func str(_ k: String) throws -> String? {
            switch doc.site[k] {
            case nil, .null?: return nil
            case .string(let s)?: return s
            default: throw QuireError(.config, "'\(k)' must be a string", file: file)
            }
        }
        if let v = try str("title") { c.title = v }
        if let v = try str("tagline") { c.tagline = v }
        if let v = try str("url") {
            guard v.hasPrefix("http://") || v.hasPrefix("https://") else {
                throw QuireError(.config, "'url' must start with http:// or https:// (got '\(v)')", file: file)
            }
            c.url = v.hasSuffix("/") ? String(v.dropLast()) : v
        }
        if let v = try str("baseUrl") {
            guard v.hasPrefix("/") else { throw QuireError(.config, "'baseUrl' must start with / (got '\(v)')", file: file) }
            c.baseUrl = v.hasSuffix("/") ? v : v + "/"
        }
        if let v = try str("routeBasePath") { c.routeBasePath = v }
        if let v = try str("editUrl") { c.editUrl = v }
        if let v = try str("chatEndpoint") { c.chatEndpoint = v }
        if let v = try str("footer") { c.footer = v }
        if let v = try str("search") {
            guard let mode = SearchMode(rawValue: v) else {
                throw QuireError(.config, "'search' must be auto, server or static (got '\(v)')", file: file)
            }
            c.search = mode
        }
        return c
    }
}
