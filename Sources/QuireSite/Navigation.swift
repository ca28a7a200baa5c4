import QuireBook
import QuireSupport

/// One stop of the reading order: a doc or a generated category index.
enum NavTarget: Hashable {
    case page(Int)
    case category(Int)
}

/// Sidebar HTML, breadcrumbs and the previous/next order, derived from the book's sidebars.
/// A page shows the first sidebar that lists it; a page in none has no sidebar and no
/// previous/next links (unless its front matter names them), as in Docusaurus.
struct Navigation: Sendable {
    let book: Book
    /// Reading order of each sidebar (flattened, category links included).
    let orders: [[NavTarget]]
    /// The sidebar each page and category belongs to.
    let pageSidebar: [Int: Int]
    let categorySidebar: [Int: Int]
    /// Category chain (outermost first) above each page / category.
    let pageAncestors: [Int: [Int]]
    let categoryAncestors: [Int: [Int]]
    let sidebarSizes: [Int]
    /// Position of each target in its sidebar's order.
    let position: [NavTarget: Int]
    private let escapedPageURL: [String]
    private let escapedCategoryLabel: [String]
    private let escapedPageLabels: [String]

    /// The first sidebar's reading order (the landing page's "start reading").
    var order: [NavTarget] { orders.first(where: { !$0.isEmpty }) ?? [] }

    init(book: Book) {
        self.book = book
        var orders: [[NavTarget]] = []
        var pageSidebar: [Int: Int] = [:]
        var categorySidebar: [Int: Int] = [:]
        var pageAnc: [Int: [Int]] = [:]
        var catAnc: [Int: [Int]] = [:]
        var sizes: [Int] = []
        for (s, sidebar) in book.sidebars.enumerated() {
            var order: [NavTarget] = []
            var size = 0
            func visit(_ i: Int, _ chain: [Int]) {
                // A page shows the first sidebar that lists it; every sidebar listing it has it in its order.
                guard sidebar.members.contains(i) else { return }
                if pageSidebar[i] == nil { pageSidebar[i] = s; pageAnc[i] = chain }
                order.append(.page(i))
            }
            func walk(_ items: [SidebarItem], _ chain: [Int]) {
                for item in items {
                    size += 1
                    switch item {
                    case let .doc(i, _):
                        visit(i, chain)
                    case let .category(ci, children):
                        if categorySidebar[ci] == nil { categorySidebar[ci] = s; catAnc[ci] = chain }
                        switch book.categories[ci].link {
                        case let .doc(i): visit(i, chain + [ci])
                        case .generatedIndex: order.append(.category(ci))
                        case .none: break
                        }
                        walk(children, chain + [ci])
                    case .link, .html:
                        break
                    }
                }
            }
            walk(sidebar.items, [])
            orders.append(order)
            sizes.append(size)
        }
        // Pages not in a sidebar (unlisted) still get breadcrumbs from their folder.
        var categoryByDir: [String: Int] = [:]
        for (ci, c) in book.categories.enumerated() where !c.directory.isEmpty { categoryByDir[c.directory] = ci }
        for (i, p) in book.pages.enumerated() where pageAnc[i] == nil {
            if let ci = categoryByDir[p.directory], let above = catAnc[ci] { pageAnc[i] = above + [ci] }
        }
        // Escaped once: every page's sidebar repeats them.
        self.escapedPageURL = book.pages.map { HTMLEscape.attribute($0.url) }
        self.escapedCategoryLabel = book.categories.map { HTMLEscape.text($0.label) }
        self.escapedPageLabels = book.pages.map { HTMLEscape.text($0.sidebarLabel) }
        var position: [NavTarget: Int] = [:]
        for (s, order) in orders.enumerated() {
            for (k, t) in order.enumerated() where position[t] == nil {
                let owner: Int?
                switch t {
                case let .page(i): owner = pageSidebar[i]
                case let .category(ci): owner = categorySidebar[ci]
                }
                if owner == s { position[t] = k }
            }
        }
        self.orders = orders
        self.position = position
        self.pageSidebar = pageSidebar
        self.categorySidebar = categorySidebar
        self.pageAncestors = pageAnc
        self.categoryAncestors = catAnc
        self.sidebarSizes = sizes
    }

    func sidebarIndex(of target: NavTarget) -> Int? {
        switch target {
        case let .page(i): return pageSidebar[i]
        case let .category(ci): return categorySidebar[ci]
        }
    }

    func url(of target: NavTarget) -> String {
        switch target {
        case let .page(i): return book.pages[i].url
        case let .category(ci): return categoryURL(ci) ?? "#"
        }
    }

    func title(of target: NavTarget) -> String {
        switch target {
        case let .page(i): return book.pages[i].sidebarLabel
        case let .category(ci): return book.categories[ci].label
        }
    }

    func categoryURL(_ ci: Int) -> String? {
        switch book.categories[ci].link {
        case let .doc(i): return book.pages[i].url
        case .generatedIndex: return book.categories[ci].generatedIndexURL
        case .none: return nil
        }
    }

    /// Previous and next stops in the target's sidebar, honouring `pagination_prev` / `pagination_next`.
    func neighbours(of target: NavTarget) -> (prev: NavTarget?, next: NavTarget?) {
        var prev: NavTarget?
        var next: NavTarget?
        if let s = sidebarIndex(of: target), let pos = position[target] {
            let order = orders[s]
            prev = pos > 0 ? order[pos - 1] : nil
            next = pos + 1 < order.count ? order[pos + 1] : nil
        }
        if case let .page(i) = target {
            let fm = book.pages[i].frontMatter
            if let p = fm.paginationPrev { prev = p.flatMap { book.pageIndex(id: $0) }.map(NavTarget.page) }
            if let n = fm.paginationNext { next = n.flatMap { book.pageIndex(id: $0) }.map(NavTarget.page) }
        }
        return (prev, next)
    }

    /// An item link of a sidebars file: site paths (`/x`) go under baseUrl.
    func linkHref(_ href: String) -> String {
        let base = book.config.baseUrl
        if href.hasPrefix("/") && !href.hasPrefix("//") && !href.hasPrefix(base) { return base + String(href.dropFirst()) }
        return href
    }

    /// The sidebar of `current` with `current` highlighted and its categories open; empty when
    /// the target is in no sidebar. Big sidebars (> 400 entries) show only the open branches' children.
    func sidebarHTML(current: NavTarget) -> String {
        guard let s = sidebarIndex(of: current) else { return "" }
        var activeCats = Set<Int>()
        switch current {
        case let .page(i): activeCats.formUnion(pageAncestors[i] ?? [])
        case let .category(ci): activeCats.formUnion(categoryAncestors[ci] ?? []); activeCats.insert(ci)
        }
        let pruned = sidebarSizes[s] > 400
        var out = "<ul class=\"menu\">"
        out.reserveCapacity(64 * 1024)
        /// `label` and `url` already escaped.
        func link(_ label: String, _ url: String, active: Bool, cls: StaticString) {
            out += "<a class=\""
            out += cls.description
            if active { out += " active" }
            out += "\" href=\""
            out += url
            out += active ? "\" aria-current=\"page\">" : "\">"
            out += label
            out += "</a>"
        }
        func escapedURL(_ ci: Int) -> String? {
            switch book.categories[ci].link {
            case let .doc(i): return escapedPageURL[i]
            case .generatedIndex: return book.categories[ci].generatedIndexURL.map(HTMLEscape.attribute)
            case .none: return nil
            }
        }
        func walk(_ items: [SidebarItem]) {
            for item in items {
                switch item {
                case let .doc(i, label):
                    out += "<li class=\"menu-item\">"
                    link(label == book.pages[i].sidebarLabel ? escapedPageLabels[i] : HTMLEscape.text(label), escapedPageURL[i], active: current == .page(i), cls: "menu-link")
                    out += "</li>"
                case let .link(label, href):
                    let external = href.hasPrefix("http://") || href.hasPrefix("https://") || href.hasPrefix("//")
                    out += "<li class=\"menu-item\"><a class=\"menu-link\(external ? " external" : "")\" href=\""
                    out += HTMLEscape.attribute(linkHref(href))
                    out += external ? "\" rel=\"noopener\">" : "\">"
                    out += HTMLEscape.text(label)
                    out += "</a></li>"
                case let .html(value):
                    // The author's own markup, as Docusaurus shows it.
                    out += "<li class=\"menu-item menu-html\">"
                    out += value
                    out += "</li>"
                case let .category(ci, children):
                    let c = book.categories[ci]
                    let isCurrentCat: Bool = {
                        if case let .doc(i) = c.link { return current == .page(i) }
                        return current == .category(ci)
                    }()
                    let open = !c.collapsed || !c.collapsible || activeCats.contains(ci) || isCurrentCat
                    let label = escapedCategoryLabel[ci]
                    let url = escapedURL(ci)
                    func head() {
                        if let u = url {
                            link(label, u, active: isCurrentCat, cls: "menu-link category-link")
                        } else {
                            out += "<span class=\"menu-link category-label\">"
                            out += label
                            out += "</span>"
                        }
                    }
                    if pruned && !open {
                        // Collapsed and off the current path: a link to the category (or its first doc).
                        out += "<li class=\"menu-item category collapsed\">"
                        if url == nil {
                            link(label, HTMLEscape.attribute(firstURL(children) ?? "#"), active: false, cls: "menu-link category-link")
                        } else {
                            head()
                        }
                        out += "</li>"
                        continue
                    }
                    if c.collapsible {
                        out += open ? "<li class=\"menu-item category\"><details open><summary>" : "<li class=\"menu-item category\"><details><summary>"
                        head()
                        out += "</summary><ul class=\"menu\">"
                        walk(children)
                        out += "</ul></details></li>"
                    } else {
                        out += "<li class=\"menu-item category\"><div class=\"category-head\">"
                        head()
                        out += "</div><ul class=\"menu\">"
                        walk(children)
                        out += "</ul></li>"
                    }
                }
            }
        }
        walk(book.sidebars[s].items)
        out += "</ul>"
        return out
    }

    func firstURL(_ items: [SidebarItem]) -> String? {
        for item in items {
            switch item {
            case let .doc(i, _): return book.pages[i].url
            case let .category(ci, children): if let u = categoryURL(ci) ?? firstURL(children) { return u }
            case let .link(_, href): return linkHref(href)
            case .html: continue
            }
        }
        return nil
    }

    /// Breadcrumb trail (label, url?) for a target, outermost first, the target itself excluded.
    func breadcrumbs(for target: NavTarget) -> [(label: String, url: String?)] {
        let chain: [Int]
        switch target {
        case let .page(i): chain = pageAncestors[i] ?? []
        case let .category(ci): chain = categoryAncestors[ci] ?? []
        }
        return chain.compactMap { ci in
            if case let .page(i) = target, case .doc(i) = book.categories[ci].link { return nil }
            return (book.categories[ci].label, categoryURL(ci))
        }
    }

    /// URL of a navbar/footer link: `to` under baseUrl, `href` as is, a doc or the first page of a sidebar.
    func url(of link: SiteLink) -> String? {
        if let href = link.href { return href }
        if let to = link.to {
            if to.hasPrefix("http://") || to.hasPrefix("https://") { return to }
            return linkHref(to.hasPrefix("/") ? to : "/" + to)
        }
        let sidebars = book.sidebars.enumerated().filter { s in
            guard let plugin = link.docsPluginId else { return true }
            return s.element.name.hasPrefix(plugin + "/")
        }
        if let id = link.docId {
            return book.pageIndex(id: id).map { book.pages[$0].url }
        }
        if let sid = link.sidebarId {
            let match = sidebars.first { $0.element.name == sid || $0.element.name.hasSuffix("/" + sid) }
            return match.flatMap { firstURL($0.element.items) }
        }
        return nil
    }
}
