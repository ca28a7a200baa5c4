import Foundation
import QuireBook
import QuireSupport

/// The parts of every page that come from the site config: navbar (title, logo, links),
/// footer link columns, favicon; and the landing page's cards.
extension PageContextBuilder {
    func addChrome(_ c: inout [String: Any]) {
        let config = book.config
        if let f = config.favicon { c["favicon"] = assetURL(f) }
        if let bar = config.navbar {
            if let t = bar.title, !t.isEmpty { c["navbarTitle"] = t }
            if let src = bar.logoSrc { c["logoSrc"] = assetURL(src); c["logoAlt"] = bar.logoAlt ?? config.title }
            let links = bar.items.compactMap { linkContext($0) }
            let left = links.filter { ($0["position"] as? String) != "right" }
            let right = links.filter { ($0["position"] as? String) == "right" }
            if !left.isEmpty { c["navLeft"] = left; c["hasNavLeft"] = true }
            if !right.isEmpty { c["navRight"] = right; c["hasNavRight"] = true }
        }
        if c["navbarTitle"] == nil && c["logoSrc"] == nil { c["navbarTitle"] = config.title }
        let columns: [[String: Any]] = config.footerLinks.compactMap { col in
            let items = col.items.compactMap { linkContext($0) }
            guard !items.isEmpty else { return nil }
            var d: [String: Any] = ["items": items]
            if let t = col.title { d["title"] = t }
            return d
        }
        if !columns.isEmpty { c["footerColumns"] = columns; c["hasFooterColumns"] = true }
    }

    /// A site-relative path from the config (`img/logo.svg`, `/img/logo.svg`) under baseUrl.
    func assetURL(_ path: String) -> String {
        if path.hasPrefix("http://") || path.hasPrefix("https://") || path.hasPrefix("data:") { return path }
        let base = book.config.baseUrl
        if path.hasPrefix(base) && base != "/" { return path }
        return base + String(path.drop(while: { $0 == "/" }))
    }

    func linkContext(_ link: SiteLink) -> [String: Any]? {
        guard let url = nav.url(of: link) else { return nil }
        var d: [String: Any] = ["label": link.label, "url": url, "position": link.position]
        if url.hasPrefix("http://") || url.hasPrefix("https://") { d["external"] = true }
        return d
    }

    /// The landing page's cards: the top items of the sidebar, or one card per sidebar
    /// when the site has several (several books in one site).
    func landingParts() -> [[String: Any]] {
        if book.sidebars.count > 1 {
            return book.sidebars.compactMap { s -> [String: Any]? in
                guard let first = s.items.first, let url = nav.firstURL(s.items) else { return nil }
                var title = s.name
                var d = ""
                switch first {
                case let .doc(i, label): title = label; d = book.pages[i].description ?? ""
                case let .category(ci, _): title = book.categories[ci].label; d = book.categories[ci].description ?? ""
                case let .link(label, _): title = label
                case .html: break
                }
                return ["title": title, "url": url, "description": d]
            }
        }
        var parts: [[String: Any]] = []
        for item in book.sidebar {
            switch item {
            case let .doc(i, label):
                parts.append(["title": label, "url": book.pages[i].url, "description": book.pages[i].description ?? ""])
            case let .category(ci, children):
                let url = nav.categoryURL(ci) ?? nav.firstURL(children) ?? "#"
                var d = book.categories[ci].description ?? ""
                if d.isEmpty, case let .doc(i) = book.categories[ci].link { d = book.pages[i].description ?? "" }
                parts.append(["title": book.categories[ci].label, "url": url, "description": d])
            case let .link(label, href):
                parts.append(["title": label, "url": nav.linkHref(href), "description": ""])
            case .html:
                break
            }
        }
        return parts
    }
}
