import Hummingbird
import QuireAnswer

/// `GET /api/health`: `{"status": "ok"}`.
struct HealthStatus: ResponseEncodable {
    var status = "ok"
}

/// `GET /api/ready`: what is loaded.
struct ReadyStatus: ResponseEncodable {
    var status = "ready"
    var book: String
    var pages: Int
    var chunks: Int
    /// Embedder id, or `none (lexical only)`.
    var embedder: String
    var indexBuilt: String
    /// `provider/model`, or `none`.
    var llm: String
    /// The provider's circuit breaker, when a provider is configured.
    var llmCircuit: LLMCircuitStatus?

    enum CodingKeys: String, CodingKey {
        case status, book, pages, chunks, embedder, indexBuilt = "index_built", llm, llmCircuit = "llm_circuit"
    }
}

/// `llm_circuit` in `/api/ready`: `{"state": "closed"|"open"|"half-open", "consecutive_failures",
/// "opened", "retry_in_s"? (open only), "last_error"?}` (see docs/llm-failures.md).
struct LLMCircuitStatus: Encodable {
    var state: String
    var consecutiveFailures: Int
    var opened: Int
    var retryInSeconds: Int?
    var lastError: String?

    init(_ s: CircuitBreaker.Snapshot) {
        state = s.state.rawValue
        consecutiveFailures = s.consecutiveFailures
        opened = s.opened
        retryInSeconds = s.retryInSeconds.map { Int($0.rounded(.up)) }
        lastError = s.lastError
    }

    enum CodingKeys: String, CodingKey {
        case state, consecutiveFailures = "consecutive_failures", opened, retryInSeconds = "retry_in_s", lastError = "last_error"
    }
}

/// `POST /api/admin/reload`: `{"status": "reloaded", "index": "<chunks>, built <time>"}`.
struct ReloadDone: ResponseEncodable {
    var status = "reloaded"
    var index: String
}

/// `POST /api/feedback` (201): `{"status": "recorded"}`.
struct FeedbackRecorded: ResponseEncodable {
    var status = "recorded"
}
