import Foundation
import QuireMarkdown
import Testing
@testable import QuireIndex

/// `previousIndex` from anywhere (a CI cache, a download): vectors of unchanged chunks are reused
/// when the index is of this format and model; anything else is refused with a one-line notice.
@Suite struct ReuseIndexTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-reuse-\(UUID().uuidString)")

    func firstIndex(_ embedder: TestEmbedder) throws -> (URL, IndexBuildStats) {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let built = try IndexBuilder(embedder: embedder, bookTitle: "Fixture Book").build(pages: fixtureBook())
        let url = dir.appendingPathComponent("elsewhere.qidx")
        try built.data.write(to: url)
        return (url, built.stats)
    }

    @Test func indexFromElsewhereIsReused() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (url, first) = try firstIndex(TestEmbedder())
        #expect(first.reuseNotice == nil)
        let embedder = TestEmbedder()
        let again = try IndexBuilder(embedder: embedder, bookTitle: "Fixture Book").build(pages: fixtureBook(), previousIndex: url)
        #expect(again.stats.embedded == 0)
        #expect(again.stats.reused == first.chunks)
        #expect(again.stats.reuseNotice == nil)
        #expect(embedder.embeddedCount == 0)
    }

    @Test func anotherModelIsRefusedWithNotice() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (url, first) = try firstIndex(TestEmbedder(modelHash: "other-model-hash"))
        let embedder = TestEmbedder()
        let again = try IndexBuilder(embedder: embedder, bookTitle: "Fixture Book").build(pages: fixtureBook(), previousIndex: url)
        #expect(again.stats.embedded == first.chunks)
        #expect(again.stats.reused == 0)
        let notice = try #require(again.stats.reuseNotice)
        #expect(notice == "not reusing vectors from \(url.path): built with another model (test-embedder, hash other-model-), this build uses hash test-model-1; every chunk is embedded")
        #expect(!notice.contains("\n"))
    }

    /// Vectors of fp32 passages are not reused by an int8 build, nor the other way round: the
    /// model is the same, the arithmetic is not. Each reuses its own kind.
    @Test func passagesOfAnotherPrecisionAreRefused() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (url, first) = try firstIndex(TestEmbedder())
        let int8 = TestEmbedder(vectorVariant: "int8")
        let again = try IndexBuilder(embedder: int8, bookTitle: "Fixture Book").build(pages: fixtureBook(), previousIndex: url)
        #expect(again.stats.reused == 0)
        #expect(again.stats.embedded == first.chunks)
        #expect(again.stats.reuseNotice?.contains("encoded as test-embedder, this build encodes them as test-embedder+int8") == true)
        let url8 = dir.appendingPathComponent("int8.qidx")
        try again.data.write(to: url8)
        #expect(try IndexReader.read(contentsOf: url8).metadata.embedderID == "test-embedder+int8")
        let third = try IndexBuilder(embedder: TestEmbedder(vectorVariant: "int8"), bookTitle: "Fixture Book")
            .build(pages: fixtureBook(), previousIndex: url8)
        #expect(third.stats.reused == first.chunks)
        let back = try IndexBuilder(embedder: TestEmbedder(), bookTitle: "Fixture Book").build(pages: fixtureBook(), previousIndex: url8)
        #expect(back.stats.reused == 0)
    }

    @Test func otherFormatVersionAndDamageAreRefusedWithNotice() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (url, first) = try firstIndex(TestEmbedder())
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[8] = UInt8(IndexFormat.version + 1)  // header: magic (8), then the u32 version
        try Data(bytes).write(to: url)
        let builder = IndexBuilder(embedder: TestEmbedder(), bookTitle: "Fixture Book")
        let newer = try builder.build(pages: fixtureBook(), previousIndex: url)
        #expect(newer.stats.embedded == first.chunks)
        #expect(newer.stats.reuseNotice?.contains("index format version \(IndexFormat.version + 1) is newer than this quire reads") == true)

        try Data("not an index".utf8).write(to: url)
        let damaged = try builder.build(pages: fixtureBook(), previousIndex: url)
        #expect(damaged.stats.embedded == first.chunks)
        #expect(damaged.stats.reuseNotice?.contains("not a Quire index") == true)

        let missing = try builder.build(pages: fixtureBook(), previousIndex: dir.appendingPathComponent("none.qidx"))
        #expect(missing.stats.reuseNotice?.hasSuffix("none.qidx: no such file; every chunk is embedded") == true)
    }
}
