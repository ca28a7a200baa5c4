import Foundation
import QuireMarkdown
import Synchronization
import Testing
@testable import QuireIndex

@Suite struct IncrementalBuildTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-inc-\(UUID().uuidString)")

    @Test func unchangedRebuildEmbedsNothingAndEditEmbedsOnlyThatPage() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("index.qidx")
        let embedder = TestEmbedder()
        let builder = IndexBuilder(embedder: embedder, bookTitle: "Fixture Book")
        var pages = fixtureBook()

        let first = try builder.build(pages: pages, previousIndex: url)
        try IndexWriter(contents: try IndexReader.parse(first.data)).write(to: url)
        #expect(first.stats.embedded == first.stats.chunks)
        #expect(embedder.embeddedCount == first.stats.chunks)

        let second = try builder.build(pages: pages, previousIndex: url)
        #expect(second.stats.embedded == 0)
        #expect(second.stats.reused == second.stats.chunks)
        #expect(embedder.embeddedCount == first.stats.chunks)
        #expect(try IndexReader.parse(second.data).vectors == IndexReader.parse(first.data).vectors)

        // Edit one page: only its changed chunk is embedded again.
        pages[4].blocks[1] = p("A humanoid stays upright by keeping the zero moment point inside its support polygon.")
        let editedChunks = builder.chunk([pages[4]]).count
        let third = try builder.build(pages: pages, previousIndex: url)
        #expect(third.stats.embedded >= 1)
        #expect(third.stats.embedded <= editedChunks)
        #expect(embedder.embeddedCount == first.stats.chunks + third.stats.embedded)
    }

    @Test func cacheFolderAndModelChange() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = dir.appendingPathComponent("cache")
        let pages = fixtureBook()
        let a = TestEmbedder()
        let first = try IndexBuilder(embedder: a, bookTitle: "B").build(pages: pages, cacheDirectory: cache)
        let b = TestEmbedder()
        let second = try IndexBuilder(embedder: b, bookTitle: "B").build(pages: pages, cacheDirectory: cache)
        #expect(second.stats.embedded == 0)
        #expect(b.embeddedCount == 0)
        #expect(first.stats.chunks == second.stats.chunks)

        // Another model: nothing is reused, from the cache or from a previous index.
        let url = dir.appendingPathComponent("index.qidx")
        try first.data.write(to: url)
        let c = TestEmbedder(modelHash: "test-model-2")
        let third = try IndexBuilder(embedder: c, bookTitle: "B").build(pages: pages, previousIndex: url, cacheDirectory: cache)
        #expect(third.stats.embedded == third.stats.chunks)
    }

    @Test func progressIsReported() throws {
        let seen = ProgressLog()
        _ = try IndexBuilder(embedder: TestEmbedder(), bookTitle: "B", batchSize: 4).build(pages: fixtureBook(), progress: { done, total in
            seen.add(done, total)
        })
        #expect(seen.calls > 2)
        #expect(seen.last.0 == seen.last.1)
    }
}

/// Progress calls seen: how many, and the last (done, total).
final class ProgressLog: Sendable {
    private let state = Mutex((calls: 0, last: (0, 0)))
    var calls: Int { state.withLock { $0.calls } }
    var last: (Int, Int) { state.withLock { $0.last } }
    func add(_ d: Int, _ t: Int) { state.withLock { $0.calls += 1; $0.last = (d, t) } }
}
