import Hummingbird
import QuireAnswer

/// What `/v1/chat/completions` answers, in OpenAI's shapes, plus Quire's `citations` and
/// `quire` (the `done` summary) beside `choices`.
enum ChatCompletion {
    /// `{"prompt_tokens", "completion_tokens", "total_tokens"}` (0 when the answer used no model).
    struct Usage: Encodable {
        var promptTokens: Int
        var completionTokens: Int
        var totalTokens: Int

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", totalTokens = "total_tokens"
        }

        init(_ s: AnswerSummary) {
            promptTokens = s.inputTokens ?? 0
            completionTokens = s.outputTokens ?? 0
            totalTokens = promptTokens + completionTokens
        }
    }

    /// `{"role", "content"}` of a whole answer, or the part of a streamed one in a chunk.
    struct Delta: Encodable {
        var role: String?
        var content: String?
    }

    /// One choice; `logprobs` is always null, `finish_reason` null until the last chunk.
    struct Choice: Encodable {
        var index = 0
        var message: Delta?
        var delta: Delta?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, message, delta, logprobs, finishReason = "finish_reason"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encodeIfPresent(message, forKey: .message)
            try c.encodeIfPresent(delta, forKey: .delta)
            try c.encodeNil(forKey: .logprobs)
            try c.encode(finishReason, forKey: .finishReason)  // null, not left out
        }
    }

    /// The non-streamed answer (`"object": "chat.completion"`).
    struct Whole: ResponseEncodable {
        var id: String
        var object = "chat.completion"
        var created: Int
        var model: String
        var choices: [Choice]
        var usage: Usage
        var citations: [Citation]
        var quire: AnswerDone
    }

    /// One `data:` event of the streamed answer (`"object": "chat.completion.chunk"`); the last
    /// content chunk carries `citations` and `quire`, the optional usage chunk has no choices.
    struct Chunk: Encodable {
        var id: String
        var object = "chat.completion.chunk"
        var created: Int
        var model: String
        var choices: [Choice]
        var usage: Usage?
        var citations: [Citation]?
        var quire: AnswerDone?

        enum CodingKeys: String, CodingKey {
            case id, object, created, model, choices, usage, citations, quire
        }
    }

    /// The `data:` event of a stream that failed after its head was sent:
    /// `{"error": {"message", "type": "server_error"}}`.
    struct StreamFailure: Encodable {
        struct Detail: Encodable {
            var message: String
            var type = "server_error"
        }

        var error = Detail(message: "the answer could not be completed")
    }
}
