import Foundation
import Logging
import QuireAnswer
import QuireEmbedding
import QuireIndex
import QuireSupport
import Synchronization

/// The answer engine in use; swapped atomically when the index is reloaded. A request
/// takes the engine once and keeps it, so a swap never changes an answer mid-way.
final class EngineHolder: Sendable {
    private let current: Mutex<AnswerEngine>

    init(_ engine: AnswerEngine) {
        current = Mutex(engine)
    }

    var engine: AnswerEngine {
        current.withLock { $0 }
    }

    func swap(_ engine: AnswerEngine) {
        current.withLock { $0 = engine }
    }
}

/// Picks the query embedder for an index: the hash embedder for test indexes, else MiniLM
/// from `modelDirectory` (or the default), checked against the index's model hash.
/// Without the model files, search is lexical only (a warning is logged).
enum EmbedderLoader {
    static func embedder(for index: SearchIndex, modelDirectory: URL?, logger: Logger) throws -> (any Embedder)? {
        let meta = index.metadata
        if meta.embedderID == HashEmbedder(dimensions: meta.dimensions).id {
            return HashEmbedder(dimensions: meta.dimensions)
        }
        do {
            let m = try MiniLMEmbedder(modelDirectory: modelDirectory ?? MiniLMEmbedder.defaultModelDirectory())
            guard m.modelHash == meta.modelHash else {
                throw QuireError(.indexModel, "the index was built with model \(meta.embedderID) (hash \(meta.modelHash)) but \(m.modelDirectory.path) has hash \(m.modelHash); rebuild the index with `quire build` or pass --model with the model it was built with")
            }
            return m
        } catch let e as QuireError where e.code == .modelMissing {
            logger.warning("model files missing: searching with BM25 only", metadata: ["reason": "\(e.message)"])
            return nil
        }
    }
}
