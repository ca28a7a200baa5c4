import Foundation
import QuireEmbedding
import QuireSupport

/// What a build did, for the build's summary line and for tests.
public struct IndexBuildStats: Sendable, Equatable {
    public var pages: Int
    public var chunks: Int
    /// Chunks whose vectors were computed by the embedder in this build.
    public var embedded: Int
    /// Chunks whose vectors came from the previous index or the cache folder.
    public var reused: Int
    public var terms: Int
    public var bytes: Int
    public var seconds: Double
    /// Why the previous index's vectors were not used (one line), when it was given but refused.
    public var reuseNotice: String? = nil
}

/// Builds `index.qidx` from the book's pages. This is what `quire build` calls:
///
///     let builder = IndexBuilder(embedder: try MiniLMEmbedder(modelDirectory: dir), bookTitle: title)
///     let result = try builder.build(pages: pages,
///                                    previousIndex: out.appendingPathComponent("index.qidx"),
///                                    cacheDirectory: cacheDir,            // e.g. .quire-cache, or nil
///                                    progress: { done, total in ... })    // after each embedding batch
///     try AtomicFile.write(result.data, to: out.appendingPathComponent("index.qidx"))
///
/// Incremental: a chunk's vector is keyed by `hash(embedded text, model hash)` and taken from
/// the previous index (if it exists and reads cleanly) or from the cache folder before the
/// embedder is asked; an unchanged rebuild embeds nothing, a one-page edit embeds that
/// page's changed chunks only. With a cache folder, the vectors of this build are saved
/// there too (so switching branches back and forth stays cheap).
public struct IndexBuilder: Sendable {
    public var embedder: any Embedder
    public var bookTitle: String
    public var chunkerOptions: ChunkerOptions
    public var bm25: BM25Parameters
    /// Texts per `embed` call (and per progress report).
    public var batchSize: Int

    public init(embedder: any Embedder, bookTitle: String, chunkerOptions: ChunkerOptions = ChunkerOptions(),
                bm25: BM25Parameters = BM25Parameters(), batchSize: Int = 32) {
        self.embedder = embedder
        self.bookTitle = bookTitle
        self.chunkerOptions = chunkerOptions
        self.bm25 = bm25
        self.batchSize = batchSize
    }

    /// The cache key of an embedded text under a model.
    public static func vectorKey(embeddedText: String, modelHash: String) -> UInt64 {
        var h = StableHash()
        h.combine(modelHash)
        h.combine(embeddedText)
        return h.value
    }

    /// Chunks every page (in order; page indexes are positions in `pages`).
    public func chunk(_ pages: [IndexPage]) -> [Chunk] {
        let e = embedder
        let chunker = Chunker(options: chunkerOptions, tokenCount: { e.tokenCount($0) })
        return pages.enumerated().flatMap { chunker.chunks(for: $1, pageIndex: $0) }
    }

    public func build(pages input: [IndexPage], previousIndex: URL? = nil, cacheDirectory: URL? = nil,
                      progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> (data: Data, stats: IndexBuildStats) {
        let started = Date()
        let contents = try buildContents(pages: input, previousIndex: previousIndex, cacheDirectory: cacheDirectory, progress: progress)
        let data = IndexWriter(contents: contents.0).data()
        var stats = contents.1
        stats.bytes = data.count
        stats.seconds = Date().timeIntervalSince(started)
        return (data, stats)
    }

    /// Same as `build`, without serializing (tests, benchmarks).
    public func buildContents(pages input: [IndexPage], previousIndex: URL? = nil, cacheDirectory: URL? = nil,
                              progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> (IndexContents, IndexBuildStats) {
        let pages = input.map { IndexedPage(source: $0.source, url: $0.url, title: $0.title, description: $0.description ?? "") }
        let chunks = chunk(input)
        let dims = embedder.dimensions
        // Vectors are keyed by the model and by how passages were encoded (fp32 or int8).
        let modelHash = embedder.vectorVariant.isEmpty ? embedder.modelHash : embedder.modelHash + "+" + embedder.vectorVariant

        // Known vectors: previous index (when it is of this format and model), then cache folder.
        var known: [UInt64: (Float, [Int8])] = [:]
        var reuseNotice: String?
        if let previousIndex {
            (known, reuseNotice) = Self.reusableVectors(from: previousIndex, modelHash: embedder.modelHash, embedderID: embedder.id,
                                                        keyHash: modelHash, dimensions: dims)
        }
        var cache: VectorCache?
        var cacheURL: URL?
        if let cacheDirectory {
            let url = VectorCache.url(in: cacheDirectory, modelHash: modelHash)
            cacheURL = url
            cache = VectorCache.load(url, dimensions: dims)
        }

        let texts = chunks.map { Chunk.embeddedText(title: pages[$0.page].title, headings: $0.headings, text: $0.text) }
        let keys = texts.map { Self.vectorKey(embeddedText: $0, modelHash: modelHash) }
        var found: [(Float, [Int8])?] = keys.map { known[$0] ?? cache?.entries[$0] }

        // Embed the rest, in batches, deduplicated.
        var missing: [Int] = []
        var seen = Set<UInt64>()
        for i in chunks.indices where found[i] == nil && seen.insert(keys[i]).inserted { missing.append(i) }
        var fresh: [UInt64: (Float, [Int8])] = [:]
        var done = 0
        progress?(0, missing.count)
        for batchStart in stride(from: 0, to: missing.count, by: max(1, batchSize)) {
            let batch = Array(missing[batchStart..<min(missing.count, batchStart + max(1, batchSize))])
            let vectors = try embedder.embed(batch.map { texts[$0] })
            guard vectors.count == batch.count else {
                throw QuireError(.embed, "the embedder returned \(vectors.count) vectors for \(batch.count) texts")
            }
            for (i, v) in zip(batch, vectors) {
                guard v.count == dims else {
                    throw QuireError(.embed, "the embedder returned a \(v.count)-dimensional vector, expected \(dims)")
                }
                fresh[keys[i]] = QuantizedVectors.quantize(v)
            }
            done += batch.count
            progress?(done, missing.count)
        }
        var vectors = QuantizedVectors(dimensions: dims)
        for i in chunks.indices {
            if found[i] == nil { found[i] = fresh[keys[i]] }
            let (s, v) = found[i]!
            vectors.append(scale: s, values: v[...])
        }

        if var cache, let cacheURL {
            for (i, key) in keys.enumerated() { cache.entries[key] = found[i]! }
            try? cache.save(cacheURL)
        }

        let lexical = LexicalIndex.build(chunks: chunks, pages: pages)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let metadata = IndexMetadata(
            formatVersion: Int(IndexFormat.version), bookTitle: bookTitle, buildTime: formatter.string(from: Date()),
            embedderID: embedder.id, modelHash: embedder.modelHash, dimensions: dims,
            pageCount: pages.count, chunkCount: chunks.count, termCount: lexical.terms.count,
            postingCount: lexical.postingCount, analyzer: IndexMetadata.currentAnalyzer,
            chunker: chunkerOptions, bm25: bm25)
        let contents = IndexContents(metadata: metadata, pages: pages, chunks: chunks, vectors: vectors, lexical: lexical)
        var stats = IndexBuildStats(pages: pages.count, chunks: chunks.count, embedded: missing.count,
                                    reused: chunks.count - missing.count, terms: lexical.terms.count, bytes: 0, seconds: 0)
        stats.reuseNotice = reuseNotice
        return (contents, stats)
    }
}
