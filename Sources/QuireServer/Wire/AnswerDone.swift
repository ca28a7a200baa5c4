import QuireAnswer
import QuireIndex

/// How an answer ended, as the `done` event and the chat completion's `quire` member carry it:
/// `{"mode", "answer_id", "covered", "relevance", "cached", "provider"?, "model"?,
/// "fallback_reason"?, "cut"? (true: the model's answer broke off), "usage"?: {"input_tokens", "output_tokens"}}`, relevance to 3 decimals.
struct AnswerDone: Encodable {
    var summary: AnswerSummary

    init(_ summary: AnswerSummary) {
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case mode, answerID = "answer_id", covered, relevance, cached, provider, model
        case fallbackReason = "fallback_reason", cut, usage
    }

    struct Usage: Encodable {
        var inputTokens: Int
        var outputTokens: Int

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens", outputTokens = "output_tokens"
        }
    }

    func encode(to encoder: any Encoder) throws {
        let s = summary
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(s.mode, forKey: .mode)
        try c.encode(s.answerID, forKey: .answerID)
        try c.encode(s.covered, forKey: .covered)
        try c.encode(JSONText.rounded(s.relevance, digits: 3), forKey: .relevance)
        try c.encode(s.cached, forKey: .cached)
        try c.encodeIfPresent(s.provider, forKey: .provider)
        try c.encodeIfPresent(s.model, forKey: .model)
        try c.encodeIfPresent(s.fallbackReason, forKey: .fallbackReason)
        if s.cut { try c.encode(true, forKey: .cut) }
        if let input = s.inputTokens, let output = s.outputTokens {
            try c.encode(Usage(inputTokens: input, outputTokens: output), forKey: .usage)
        }
    }
}
