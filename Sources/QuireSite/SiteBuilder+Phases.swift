import Dispatch
import Foundation
import QuireBook
import QuireMarkdown
import QuireSupport

/// A site between its phases: assets written, every page rendered, links not yet checked,
/// pages not yet laid out. Made by `SiteBuilder.render(into:)`.
public struct RenderedSite: Sendable {
    public let book: Book
    /// Rendered Markdown of every page, same order as `book.pages`.
    public let documents: [MarkdownDocument]
    /// Markdown warnings, then (with `LinkPolicy.warn`) broken links.
    public internal(set) var warnings: [Diagnostic]
    /// The folder being written (the staging folder during `quire build`).
    public let root: URL
    let templates: Templates
    let assets: AssetPipeline
    let writer: SiteWriter
    let links: LinkTable
}

extension SiteBuilder {
    /// Phase 1: loads the templates, writes hashed and content assets into `root`, renders
    /// every page's Markdown on all cores.
    public func render(into root: URL) throws -> RenderedSite {
        let templates = try Templates(folder: options.templates)
        let writer = SiteWriter(root: root)
        let assets = try AssetPipeline(templates: options.templates, vendor: options.vendorDirectory, baseUrl: book.config.baseUrl)
        try assets.write(with: writer)
        try copyContentAssets(writer: writer)

        let generated = Set(book.categories.compactMap(\.generatedIndexURL))
        let links = LinkTable(book: book, generatedURLs: generated)
        let renderer = MarkdownRenderer()
        let pages = book.pages
        let total = pages.count
        let docs = ConcurrentArray<MarkdownDocument>(count: total)
        let rendered = AtomicCounter()
        let progress = options.progress
        DispatchQueue.concurrentPerform(iterations: total) { i in
            let page = pages[i]
            docs[i] = renderer.render(page.body, lineOffset: page.bodyLineOffset) { dest in
                links.href(for: dest, from: page)
            }
            progress?(rendered.increment(), total)
        }
        let documents = docs.values()
        let pageErrors = documents.enumerated().flatMap { i, doc in
            doc.errors.map { QuireError(.markdown, $0.message, file: pages[i].source, line: $0.line) }
        }
        if !pageErrors.isEmpty { throw QuireErrors(pageErrors) }
        var warnings: [Diagnostic] = book.warnings  // front matter (unknown keys)
        for (i, doc) in documents.enumerated() {
            for w in doc.warnings { warnings.append(Diagnostic(.warning, w.message, file: pages[i].source, line: w.line)) }
        }
        if documents.contains(where: \.usesMermaid) { warnings += try assets.writeDiagramRenderer(with: writer) }
        return RenderedSite(book: book, documents: documents, warnings: warnings, root: root,
                            templates: templates, assets: assets, writer: writer, links: links)
    }

    /// Phase 2: every link and anchor. Broken ones are thrown together (`LinkPolicy.error`)
    /// or added to the warnings (`.warn`).
    public func checkLinks(_ site: inout RenderedSite) throws {
        let broken = brokenLinks(documents: site.documents, links: site.links)
        guard !broken.isEmpty else { return }
        if options.links == .error {
            throw QuireErrors(broken.map { QuireError(.brokenLink, $0.message, file: $0.file, line: $0.line) })
        }
        site.warnings += broken.map { Diagnostic(.warning, $0.message, file: $0.file, line: $0.line) }
    }

    /// Phase 3: pages into the layout (all cores), generated category indexes, landing page,
    /// 404, search page, sitemap, robots.txt.
    public func write(_ site: RenderedSite) throws -> SiteBuildResult {
        let (templates, writer, documents, pages) = (site.templates, site.writer, site.documents, book.pages)
        let total = pages.count
        let nav = Navigation(book: book)
        let context = PageContextBuilder(book: book, nav: nav, assets: site.assets)
        let failures = ConcurrentArray<QuireError>(count: total)
        DispatchQueue.concurrentPerform(iterations: total) { i in
            do {
                let html = templates.render(context.page(i, document: documents[i]))
                try writer.write(html, to: SiteWriter.filePath(forURL: pages[i].url, baseUrl: book.config.baseUrl))
            } catch let e as QuireError {
                failures[i] = e
            } catch {
                failures[i] = QuireError(.write, "\(error)", file: pages[i].source)
            }
        }
        let errors = failures.compactValues()
        if !errors.isEmpty { throw QuireErrors(errors) }

        var htmlFiles = total
        for (ci, c) in book.categories.enumerated() {
            guard let url = c.generatedIndexURL else { continue }
            try writer.write(templates.render(context.generatedIndex(ci)), to: SiteWriter.filePath(forURL: url, baseUrl: book.config.baseUrl))
            htmlFiles += 1
        }
        let landingTaken = pages.contains { LinkTable.normalize($0.url) == LinkTable.normalize(book.config.baseUrl) }
        if !landingTaken {
            try writer.write(templates.render(context.landing()), to: "index.html")
            htmlFiles += 1
        }
        try writer.write(templates.render(context.notFound()), to: "404.html")
        htmlFiles += 1
        if let path = SearchPage.filePath(book: book) {
            try writer.write(templates.render(context.searchPage()), to: path)
            htmlFiles += 1
        }
        try writer.write(Sitemap.xml(book: book, landing: !landingTaken), to: "sitemap.xml")
        try writer.write("User-agent: *\nAllow: /\nSitemap: \(book.config.url)\(book.config.baseUrl)sitemap.xml\n", to: "robots.txt")
        return SiteBuildResult(book: book, documents: documents, warnings: site.warnings, htmlFiles: htmlFiles)
    }
}
