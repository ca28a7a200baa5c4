import QuireBook
import QuireSupport

/// One stop of the reading order: a doc or a generated category index.
enum NavTarget: Hashable {
    case page(Int)
    case category(Int)
}

/// Sidebar HTML, breadcrumbs and the previous/next order, derived from the book's sidebar.
struct Navigation: Sendable {
    let book: Book
    /// Reading order (flattened sidebar, category links included).
    let order: [NavTarget]
    /// Category chain (outermost first) above each page / category.
    let pageAncestors: [Int: [Int]]
    let categoryAncestors: [Int: [Int]]
    let sidebarSize: Int
    /// Position of each target in `order` (for previous/next without a linear search per page).
    let position: [NavTarget: Int]
    private let escapedPageURL: [String]
    private let escapedCategoryLabel: [String]
    private let escapedPageLabels: [String]

    init(book: Book) {
        self.book = book
        var order: [NavTarget] = []
        var pageAnc: [Int: [Int]] = [:]
        var catAnc: [Int: [Int]] = [:]
        var size = 0
        func walk(_ items: [SidebarItem], _ chain: [Int]) {
            for item in items {
                size += 1
                switch item {
                case let .doc(i, _):
                    order.append(.page(i)); pageAnc[i] = chain
                case let .category(ci, children):
                    catAnc[ci] = chain
                    switch book.categories[ci].link {
                    case let .doc(i): order.append(.page(i)); pageAnc[i] = chain + [ci]
                    case .generatedIndex: order.append(.category(ci))
                    case .none: break
                    }
                    walk(children, chain + [ci])
                }
            }
        }
        walk(book.sidebar, [])
        // Pages not in the sidebar (unlisted) still get breadcrumbs from their folder.
        var categoryByDir: [String: Int] = [:]
        for (ci, c) in book.categories.enumerated() { categoryByDir[c.directory] = ci }
        for (i, p) in book.pages.enumerated() where pageAnc[i] == nil {
            if let ci = categoryByDir[p.directory], let above = catAnc[ci] { pageAnc[i] = above + [ci] }
        }
        // Escaped once: every page's sidebar repeats them.
        self.escapedPageURL = book.pages.map { HTMLEscape.attribute($0.url) }
        self.escapedCategoryLabel = book.categories.map { HTMLEscape.text($0.label) }
        self.escapedPageLabels = book.pages.map { HTMLEscape.text($0.sidebarLabel) }
        var position: [NavTarget: Int] = [:]
        for (k, t) in order.enumerated() where position[t] == nil { position[t] = k }
        self.position = position
        self.order = order
        self.pageAncestors = pageAnc
        self.categoryAncestors = catAnc
        self.sidebarSize = size
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

    /// Previous and next stops, honouring `pagination_prev` / `pagination_next`.
    func neighbours(of target: NavTarget) -> (prev: NavTarget?, next: NavTarget?) {
        var prev: NavTarget?
        var next: NavTarget?
        if let pos = position[target] {
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

    /// The sidebar with `current` highlighted and its categories open. Big sidebars
    /// (> 400 entries) show only the open branches' children.
    func sidebarHTML(current: NavTarget) -> String {
        var activeCats = Set<Int>()
        switch current {
        case let .page(i): activeCats.formUnion(pageAncestors[i] ?? [])
        case let .category(ci): activeCats.formUnion(categoryAncestors[ci] ?? []); activeCats.insert(ci)
        }
        let pruned = sidebarSize > 400
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
        walk(book.sidebar)
        out += "</ul>"
        return out
    }

    private func firstURL(_ items: [SidebarItem]) -> String? {
        for item in items {
            switch item {
            case let .doc(i, _): return book.pages[i].url
            case let .category(ci, children): if let u = categoryURL(ci) ?? firstURL(children) { return u }
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
}
