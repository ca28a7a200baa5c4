/// A navbar or footer link as written in docusaurus.config: `to` (a site path under baseUrl),
/// `href` (any URL), or a doc / sidebar of the docs (`type: 'doc'` / `'docSidebar'`).
public struct SiteLink: Sendable, Equatable {
    public var label: String
    public var to: String?
    public var href: String?
    public var docId: String?
    public var sidebarId: String?
    /// The docs-plugin instance of `docId` / `sidebarId` (`docsPluginId`), nil: the first.
    public var docsPluginId: String?
    /// `left` or `right` (navbar only).
    public var position: String = "left"

    public init(label: String) { self.label = label }
}

public struct Navbar: Sendable, Equatable {
    public var title: String?
    public var logoSrc: String?
    public var logoAlt: String?
    public var items: [SiteLink] = []

    public init() {}
}

/// One column of footer links (Docusaurus `footer.links` with titles), or the single
/// untitled row of a flat list.
public struct FooterColumn: Sendable, Equatable {
    public var title: String?
    public var items: [SiteLink]

    public init(title: String?, items: [SiteLink]) { self.title = title; self.items = items }
}
