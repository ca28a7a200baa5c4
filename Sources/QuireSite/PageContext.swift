import Foundation
import QuireBook
import QuireMarkdown
import QuireSupport

/// Builds the Mustache context of every kind of page.
struct PageContextBuilder: Sendable {
    let book: Book
    let nav: Navigation
    let assets: AssetPipeline

    private var config: SiteConfig { book.config }
    /// Computed once: a Calendar per page is measurable on big books.
    private static let year = String(Calendar(identifier: .gregorian).component(.year, from: Date()))

    func base(title: String, description: String?, canonicalPath: String) -> [String: Any] {
        var c: [String: Any] = [
            "siteTitle": config.title,
            "tagline": config.tagline,
            "baseUrl": config.baseUrl,
            "title": title,
            "canonical": config.url + canonicalPath,
            "css": assets.urls["quire.css"] ?? "",
            "js": assets.urls["quire.js"] ?? "",
            "apiBase": config.chatEndpoint ?? "",
            "searchMode": config.search.rawValue,
            "year": Self.year,
        ]
        if let d = description, !d.isEmpty { c["description"] = d }
        // The chat and search render math in answers and snippets with KaTeX, loaded on first use.
        if config.math != false, let js = assets.urls["katex.js"], let css = assets.urls["katex.css"] { c["katexAssets"] = js + " " + css }
        if let f = config.footer { c["footer"] = f }
        addChrome(&c)
        return c
    }

    func page(_ i: Int, document doc: MarkdownDocument) -> [String: Any] {
        let page = book.pages[i]
        let fm = page.frontMatter
        var c = base(title: page.title, description: fm.description, canonicalPath: page.url)
        c["isDoc"] = true
        c["content"] = doc.html
        c["showTitle"] = !fm.hideTitle && doc.firstH1 == nil
        if !fm.keywords.isEmpty { c["keywords"] = fm.keywords.joined(separator: ", ") }
        if fm.unlisted { c["noindex"] = true }
        if !fm.tags.isEmpty { c["tags"] = fm.tags.map { ["tag": $0] }; c["hasTags"] = true }
        c["sidebar"] = nav.sidebarHTML(current: .page(i))
        if !fm.hideTableOfContents {
            let toc = tocHTML(doc.headings, min: fm.tocMinHeadingLevel, max: fm.tocMaxHeadingLevel)
            if !toc.isEmpty { c["toc"] = toc }
        }
        c["breadcrumbs"] = crumbs(nav.breadcrumbs(for: .page(i)), current: page.sidebarLabel)
        addPagination(&c, .page(i))
        let edit: String?? = fm.customEditUrl
        switch edit {
        case let .some(url?): c["editUrl"] = url
        case .some(nil): break
        case nil:
            if let e = config.editUrl { c["editUrl"] = (e.hasSuffix("/") ? e : e + "/") + page.source }
            else if let e = page.editUrl { c["editUrl"] = e }
        }
        c["source"] = page.source
        if doc.usesMath, config.math != false, let js = assets.urls["katex.js"], let css = assets.urls["katex.css"] { c["katexJS"] = js; c["katexCSS"] = css }
        if doc.usesCode, let js = assets.urls["highlight.js"] { c["highlightJS"] = js }
        if doc.usesMermaid, config.mermaid != false {  // docusaurus.config without markdown.mermaid: code blocks
            c["mermaid"] = true
            if let loader = assets.urls["mermaid-loader.js"], let js = assets.urls["mermaid.js"] { c["mermaidLoader"] = loader; c["mermaidJS"] = js }
        }
        return c
    }

    func generatedIndex(_ ci: Int) -> [String: Any] {
        let cat = book.categories[ci]
        var title = cat.label
        var description = cat.description
        if case let .generatedIndex(_, t, d) = cat.link { title = t ?? cat.label; description = d ?? description }
        var c = base(title: title, description: description, canonicalPath: cat.generatedIndexURL ?? "")
        c["isDoc"] = true
        c["showTitle"] = true
        var html = ""
        if let d = description { html += "<p class=\"lead\">\(HTMLEscape.text(d))</p>" }
        html += "<div class=\"cards\">"
        for item in children(of: ci) {
            html += "<a class=\"card\" href=\"\(HTMLEscape.attribute(item.url))\"><h2>\(HTMLEscape.text(item.title))</h2>"
            if let d = item.description { html += "<p>\(HTMLEscape.text(d))</p>" }
            html += "</a>"
        }
        html += "</div>"
        c["content"] = html
        c["sidebar"] = nav.sidebarHTML(current: .category(ci))
        c["breadcrumbs"] = crumbs(nav.breadcrumbs(for: .category(ci)), current: cat.label)
        addPagination(&c, .category(ci))
        return c
    }

    func landing() -> [String: Any] {
        var c = base(title: config.title, description: config.tagline, canonicalPath: config.baseUrl)
        c["isLanding"] = true
        if let first = nav.order.first { c["startURL"] = nav.url(of: first) }
        c["parts"] = landingParts()
        return c
    }

    func notFound() -> [String: Any] {
        var c = base(title: "Page not found", description: nil, canonicalPath: config.baseUrl + "404.html")
        c["isNotFound"] = true
        c["noindex"] = true
        if let first = nav.order.first { c["startURL"] = nav.url(of: first) }
        return c
    }

    // MARK: - Pieces

    func firstURL(_ item: SidebarItem) -> String {
        nav.firstURL([item]) ?? "#"
    }

    private func children(of ci: Int) -> [(title: String, url: String, description: String?)] {
        func find(_ items: [SidebarItem]) -> [SidebarItem]? {
            for item in items {
                if case let .category(c, ch) = item {
                    if c == ci { return ch }
                    if let r = find(ch) { return r }
                }
            }
            return nil
        }
        let items = book.sidebars.lazy.compactMap { find($0.items) }.first ?? []
        return items.compactMap { item in
            switch item {
            case let .doc(i, label): return (label, book.pages[i].url, book.pages[i].description)
            case let .category(c, ch):
                return (book.categories[c].label, nav.categoryURL(c) ?? ch.first.map(firstURL) ?? "#", book.categories[c].description)
            case let .link(label, href): return (label, nav.linkHref(href), nil)
            case .html: return nil
            }
        }
    }

    private func crumbs(_ chain: [(label: String, url: String?)], current: String) -> [[String: Any]] {
        var out: [[String: Any]] = chain.map { c in
            var d: [String: Any] = ["label": c.label]
            if let u = c.url { d["url"] = u }
            return d
        }
        out.append(["label": current, "current": true])
        return out
    }

    private func addPagination(_ c: inout [String: Any], _ target: NavTarget) {
        let (prev, next) = nav.neighbours(of: target)
        if let p = prev { c["prev"] = ["url": nav.url(of: p), "title": nav.title(of: p)] }
        if let n = next { c["next"] = ["url": nav.url(of: n), "title": nav.title(of: n)] }
    }

    /// Nested list of headings between `min` and `max` level.
    func tocHTML(_ headings: [Heading], min: Int, max: Int) -> String {
        let hs = headings.filter { $0.level >= min && $0.level <= max }
        guard !hs.isEmpty else { return "" }
        var out = ""
        var stack: [Int] = []
        for h in hs {
            if stack.isEmpty {
                out += "<ul>"
                stack.append(h.level)
            } else if h.level > stack.last! {
                out += "<ul>"
                stack.append(h.level)
            } else {
                out += "</li>"
                while stack.count > 1 && h.level < stack.last! {
                    out += "</ul></li>"
                    stack.removeLast()
                }
            }
            out += "<li><a href=\"#\(HTMLEscape.attribute(h.id))\">\(HTMLEscape.text(h.text))</a>"
        }
        out += "</li>"
        while stack.count > 1 { out += "</ul></li>"; stack.removeLast() }
        out += "</ul>"
        return out
    }
}
