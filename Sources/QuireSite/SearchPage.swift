import QuireBook

/// The full search page, `<baseUrl>search?q=…`: a form whose results the widget script fills
/// in from `/api/search`, with a no-JavaScript note pointing back to the table of contents.
enum SearchPage {
    /// Output file of the page, or nil when a page of the book already owns that URL.
    static func filePath(book: Book) -> String? {
        let url = book.config.baseUrl + "search"
        let taken = book.pages.contains { LinkTable.normalize($0.url) == LinkTable.normalize(url) }
            || book.categories.contains { $0.generatedIndexURL.map(LinkTable.normalize) == LinkTable.normalize(url) }
        return taken ? nil : SiteWriter.filePath(forURL: url, baseUrl: book.config.baseUrl)
    }
}

extension PageContextBuilder {
    func searchPage() -> [String: Any] {
        var c = base(title: "Search", description: "Search \(book.config.title)", canonicalPath: book.config.baseUrl + "search")
        c["isSearch"] = true
        c["noindex"] = true
        if let first = nav.order.first { c["startURL"] = nav.url(of: first) }
        return c
    }
}
