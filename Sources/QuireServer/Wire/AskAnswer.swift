import Hummingbird
import QuireAnswer

/// `POST /api/ask` with `"stream": false`: `{"answer", "citations", "mode", "answer_id",
/// "covered", "cached", "fallback_reason"?, "cut"?}` (`cut`: true when the model's answer broke off).
struct AskAnswer: ResponseEncodable {
    var answer: String
    var citations: [Citation]
    var mode: AnswerMode
    var answerID: String
    var covered: Bool
    var cached: Bool
    var fallbackReason: String?
    /// Only present (true) when the model's answer was cut off.
    var cut: Bool?

    enum CodingKeys: String, CodingKey {
        case answer, citations, mode, answerID = "answer_id", covered, cached, fallbackReason = "fallback_reason", cut
    }

    init(text: String, citations: [Citation], summary: AnswerSummary) {
        answer = text
        self.citations = citations
        mode = summary.mode
        answerID = summary.answerID
        covered = summary.covered
        cached = summary.cached
        fallbackReason = summary.fallbackReason
        cut = summary.cut ? true : nil
    }
}

/// The payloads of the `/api/ask` event stream (`event: sources|delta|done|error`).
enum AskEvent {
    /// `sources`: `{"citations": [{n, url, title, headings}]}`.
    struct Sources: Encodable {
        var citations: [Citation]
    }

    /// `delta`: `{"text": "..."}`.
    struct Delta: Encodable {
        var text: String
    }

    /// `error`, after the head was sent: `{"error": {"code", "message"}}`.
    static let failure = APIError.Body(APIError(.internalServerError, "internal_error", "the answer could not be completed"))
}
