import Foundation
import QuireAnswer
import QuireIndex
import Synchronization

/// What one loaded index serves with: the retriever of `/api/search` (its query cache belongs
/// to this index) and the answer engine.
struct ServingIndex: Sendable {
    let retriever: Retriever
    let answers: AnswerEngine

    var index: SearchIndex { retriever.index }
}

/// The index in use; swapped atomically when the index is reloaded. A request takes it once
/// and keeps it, so a swap never changes an answer mid-way (and empties the query cache).
final class EngineHolder: Sendable {
    private let current: Mutex<ServingIndex>

    init(_ serving: ServingIndex) {
        current = Mutex(serving)
    }

    var serving: ServingIndex {
        current.withLock { $0 }
    }

    /// The answer engine of the index in use.
    var engine: AnswerEngine { serving.answers }

    func swap(_ serving: ServingIndex) {
        current.withLock { $0 = serving }
    }
}
