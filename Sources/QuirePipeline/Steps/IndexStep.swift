import Foundation
import QuireEmbedding
import QuireIndex
import QuireMarkdown
import QuireSite
import QuireSupport

/// index: chunks every listed page, embeds the chunks (reusing vectors of unchanged ones from
/// the previous index and the vector cache), writes `index.qidx` into staging.
public struct IndexStep: BuildStep {
    public let name = BuildStepName.index
    public init() {}

    public func run(_ context: inout BuildContext) throws {
        let options = context.options
        let site = try context.require(context.site, .writePages)
        let staging = try context.staging
        let embedder: any Embedder = try options.embedder
            ?? MiniLMEmbedder(modelDirectory: options.modelDirectory ?? MiniLMEmbedder.defaultModelDirectory(),
                             passagePrecision: options.passagePrecision)
        let builder = IndexBuilder(embedder: embedder, bookTitle: site.book.config.title, chunkerOptions: options.chunker)
        var progress: (@Sendable (Int, Int) -> Void)?
        if let onEvent = options.onEvent {
            progress = { done, total in onEvent(.progress(.index, done: done, total: total)) }
        }
        // The default previous index (<output>/index.qidx) may be absent (a first build); an index
        // given explicitly (--reuse-index) is always looked at, and a refusal says why in one line.
        let previous = options.reusedIndex
        let given = options.previousIndex != nil || FileManager.default.fileExists(atPath: previous.path)
        let (data, stats) = try builder.build(pages: Self.pages(site), previousIndex: given ? previous : nil,
                                              cacheDirectory: options.vectorCache, progress: progress)
        if let notice = stats.reuseNotice {
            let warning = Diagnostic(.warning, notice)
            context.site?.warnings.append(warning)
            context.emit(.warnings([warning]))
        }
        try AtomicFile.write(data, to: staging.appendingPathComponent("index.qidx"))
        context.index = (data, stats)
        context.summary.append("index: \(stats.chunks) chunks (\(stats.embedded) embedded, \(stats.reused) reused), \(data.count / 1024) KB")
    }

    /// The pages the index holds: every page except `unlisted` ones, with its rendered blocks.
    public static func pages(_ site: SiteBuildResult) -> [IndexPage] {
        zip(site.book.pages, site.documents)
            .filter { !$0.0.frontMatter.unlisted }
            .map { page, doc in
                IndexPage(source: page.source, url: page.url, title: page.title, description: page.description, blocks: doc.blocks)
            }
    }
}
