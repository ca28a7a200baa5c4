import QuireBook
import QuireSupport

enum Sitemap {
    static func xml(book: Book, landing: Bool) -> String {
        var urls: [String] = []
        if landing { urls.append(book.config.baseUrl) }
        urls += book.pages.filter { !$0.frontMatter.unlisted }.map(\.url)
        urls += book.categories.compactMap(\.generatedIndexURL)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for u in urls {
            out += "  <url><loc>\(HTMLEscape.text(book.config.url + u))</loc></url>\n"
        }
        out += "</urlset>\n"
        return out
    }
}
