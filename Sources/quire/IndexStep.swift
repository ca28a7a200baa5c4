import Foundation
import QuireEmbedding
import QuireIndex
import QuireSite
import QuireSupport

/// The index part of `quire build`: chunk every rendered page, embed (reusing vectors of
/// unchanged chunks from the previous index), write `index.qidx` into the staging folder.
enum IndexStep {
    static func run(result: SiteBuildResult, output: OutputDirectory, previous: URL, model: String?, tty: Bool) throws -> String {
        let dir = model.map { URL(fileURLWithPath: $0) } ?? MiniLMEmbedder.defaultModelDirectory()
        let embedder = try MiniLMEmbedder(modelDirectory: dir)
        let pages = zip(result.book.pages, result.documents)
            .filter { !$0.0.frontMatter.unlisted }
            .map { page, doc in
                IndexPage(source: page.source, url: page.url, title: page.title, description: page.description, blocks: doc.blocks)
            }
        let builder = IndexBuilder(embedder: embedder, bookTitle: result.book.config.title)
        let old = previous.appendingPathComponent("index.qidx")
        var progress: (@Sendable (Int, Int) -> Void)?
        if tty {
            progress = { done, total in
                FileHandle.standardError.write(Data("\rembedding \(done)/\(total) chunks".utf8))
            }
        }
        let (data, stats) = try builder.build(pages: pages, previousIndex: FileManager.default.fileExists(atPath: old.path) ? old : nil,
                                              cacheDirectory: nil, progress: progress)
        if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        try AtomicFile.write(data, to: output.staging.appendingPathComponent("index.qidx"))
        return ", index: \(stats.chunks) chunks (\(stats.embedded) embedded, \(stats.reused) reused), \(data.count / 1024) KB"
    }
}
