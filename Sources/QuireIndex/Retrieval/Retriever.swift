import Foundation
import QuireEmbedding
import QuireSupport

/// An index and the embedder that turns queries into its vectors: "choose the embedder, embed
/// the query, search", used by `quire search`/`eval`/`ask`, `/api/search` and answers.
///
/// The policy for the model, the same everywhere:
/// - An index built with the hash embedder (tests) gets the hash embedder.
/// - An index built with MiniLM gets MiniLM from `modelDirectory` (default `$QUIRE_MODEL_DIR`
///   or `models/all-MiniLM-L6-v2`). Its hash must match the index's: a different model is an
///   error (`index-model`), because its vectors would rank nonsense. Corrupt model files are
///   an error too (`model-corrupt`).
/// - Model files missing (`model-missing`): search is lexical (BM25) only. `lexicalOnlyReason`
///   says why; the caller reports it once (stderr for the CLI, the log for the server).
/// - Embedding one query fails: that query is searched lexically, and the `Retrieval` says
///   why (`fallbackReason`) so the caller can report it. A query never fails for the model's sake.
public struct Retriever: Sendable {
    public let index: SearchIndex
    /// nil: lexical search only (see `lexicalOnlyReason`).
    public let embedder: (any Embedder)?
    /// Why there is no embedder (the model files are missing), nil when there is one.
    public let lexicalOnlyReason: String?
    /// The async path's query vectors (servers): a cache of recent queries and micro-batching
    /// of concurrent ones. It lives and dies with this retriever, so a reloaded index starts
    /// with an empty cache.
    public let queryEncoder: QueryEncoder?

    /// A retriever with a known embedder (or none: lexical only).
    public init(index: SearchIndex, embedder: (any Embedder)?, lexicalOnlyReason: String? = nil) {
        self.index = index
        self.embedder = embedder
        self.lexicalOnlyReason = embedder == nil ? (lexicalOnlyReason ?? "no embedder") : nil
        queryEncoder = embedder.map { QueryEncoder(embedder: $0) }
    }

    /// The embedder the index was built with, chosen by the policy above.
    public init(index: SearchIndex, modelDirectory: URL?) throws {
        let meta = index.metadata
        if meta.embedderID == HashEmbedder(dimensions: meta.dimensions).id {
            self.init(index: index, embedder: HashEmbedder(dimensions: meta.dimensions))
            return
        }
        do {
            let model = try MiniLMEmbedder(modelDirectory: modelDirectory ?? MiniLMEmbedder.defaultModelDirectory())
            guard model.modelHash == meta.modelHash else {
                throw QuireError(.indexModel, "the index was built with model \(meta.embedderID) (hash \(meta.modelHash)) but \(model.modelDirectory.path) has hash \(model.modelHash); rebuild the index with `quire build`, or point --model (or QUIRE_MODEL_DIR) at the model it was built with")
            }
            self.init(index: index, embedder: model)
        } catch let e as QuireError where e.code == .modelMissing {
            self.init(index: index, embedder: nil, lexicalOnlyReason: e.message)
        }
    }

    /// Reads the index file, then chooses the embedder.
    public init(indexFile: URL, modelDirectory: URL?) throws {
        try self.init(index: SearchIndex(contentsOf: indexFile, expectedModelHash: nil), modelDirectory: modelDirectory)
    }

    /// The query's vector, or nil with the reason when there is no embedder or embedding failed.
    public func queryVector(_ query: String) -> (vector: [Float]?, fallbackReason: String?) {
        guard let embedder else { return (nil, lexicalOnlyReason) }
        do {
            return (try embedder.embedQuery(query), nil)
        } catch {
            return (nil, "embedding the query failed (\(error)); searched with BM25 only")
        }
    }

    /// The same, for async callers (the server): cached, or encoded off the cooperative pool
    /// together with the other queries that arrive meanwhile.
    /// (Named apart from the synchronous `queryVector` so existing async callers keep compiling.)
    public func cachedQueryVector(_ query: String) async -> (vector: [Float]?, fallbackReason: String?) {
        guard let queryEncoder else { return (nil, lexicalOnlyReason) }
        do {
            return (try await queryEncoder.vector(query), nil)
        } catch {
            return (nil, "embedding the query failed (\(error)); searched with BM25 only")
        }
    }

    /// `retrieve` for async callers (the server): the query vector through `queryEncoder`.
    public func retrieveCached(_ query: String, k: Int, collapsePages: Bool = false, options: RetrievalOptions? = nil) async -> Retrieval {
        let start = DispatchTime.now().uptimeNanoseconds
        let (vector, reason) = await cachedQueryVector(query)
        let results = index.search(query, queryVector: vector ?? [], k: k, collapsePages: collapsePages, options: options)
        return Retrieval(results: results, queryVector: vector, fallbackReason: reason,
                         nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
    }

    /// Embeds the query (per the policy) and searches.
    public func retrieve(_ query: String, k: Int, collapsePages: Bool = false, options: RetrievalOptions? = nil) -> Retrieval {
        let start = DispatchTime.now().uptimeNanoseconds
        let (vector, reason) = queryVector(query)
        let results = index.search(query, queryVector: vector ?? [], k: k, collapsePages: collapsePages, options: options)
        return Retrieval(results: results, queryVector: vector, fallbackReason: reason,
                         nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
    }
}

/// One query's results and how they were found.
public struct Retrieval: Sendable {
    public var results: [SearchResult]
    /// The query's embedding; nil when the search was lexical only.
    public var queryVector: [Float]?
    /// Why the search was lexical only (no model, or embedding failed); nil for hybrid search.
    public var fallbackReason: String?
    /// Embedding and search time.
    public var nanoseconds: UInt64
    public var milliseconds: Double { Double(nanoseconds) / 1e6 }
}
