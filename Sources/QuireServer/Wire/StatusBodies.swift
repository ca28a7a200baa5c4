import Hummingbird

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

    enum CodingKeys: String, CodingKey {
        case status, book, pages, chunks, embedder, indexBuilt = "index_built", llm
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
