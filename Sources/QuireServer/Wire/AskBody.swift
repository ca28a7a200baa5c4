import Foundation
import QuireAnswer

/// `POST /api/ask` body: `{"question", "selection"?, "history"?: [{role, content}], "stream"?}`.
/// Fields are checked in that order against `decoder.requestLimits`; the first problem is a 400
/// (or `too_long`) naming its field.
struct AskBody: Decodable {
    var ask: AskRequest
    /// Server-Sent Events (default) or one JSON object.
    var stream: Bool

    enum CodingKeys: String, CodingKey { case question, selection, history, stream }

    init(from decoder: any Decoder) throws {
        let limits = decoder.requestLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let raw = try c.field(String.self, .question, orFail: "'question' must be a string") else {
            throw APIError.badRequest("missing field 'question' (the reader's question, a string)", field: "question")
        }
        let question = try Self.question(raw, limits)
        var selection: String?
        if let s = try c.field(String.self, .selection, orFail: "'selection' must be a string") {
            guard s.count <= limits.maxSelectionLength else {
                throw APIError.badRequest("'selection' is too long (\(s.count) characters; the limit is \(limits.maxSelectionLength))", field: "selection", code: "too_long")
            }
            selection = s.isEmpty ? nil : s
        }
        let history = try Self.history(c, limits)
        stream = try c.field(Bool.self, .stream, orFail: "'stream' must be true or false") ?? true
        ask = AskRequest(question: question, selection: selection, history: history)
    }

    /// The question trimmed, or a 400 when it is empty or too long.
    static func question(_ raw: String, _ limits: RequestLimits) throws -> String {
        let question = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw APIError.badRequest("'question' is empty", field: "question") }
        guard question.count <= limits.maxQuestionLength else {
            throw APIError.badRequest("'question' is too long (\(question.count) characters; the limit is \(limits.maxQuestionLength))", field: "question", code: "too_long")
        }
        return question
    }

    /// One earlier turn of the conversation.
    struct Turn: Decodable {
        var role: String
        var content: String
    }

    static func history(_ c: KeyedDecodingContainer<CodingKeys>, _ limits: RequestLimits) throws -> [ChatMessage] {
        guard c.contains(.history), try !c.decodeNil(forKey: .history) else { return [] }
        var turns: any UnkeyedDecodingContainer
        do {
            turns = try c.nestedUnkeyedContainer(forKey: .history)
        } catch {
            throw APIError.badRequest("'history' must be an array of {role, content}", field: "history")
        }
        let count = turns.count ?? 0
        guard count <= limits.maxHistoryTurns else {
            throw APIError.badRequest("'history' has \(count) turns; the limit is \(limits.maxHistoryTurns)", field: "history", code: "too_long")
        }
        var history: [ChatMessage] = []
        while !turns.isAtEnd {
            let i = turns.currentIndex
            guard let t = try? turns.decode(Turn.self) else {
                throw APIError.badRequest("'history[\(i)]' must be {\"role\": \"user\"|\"assistant\", \"content\": string}", field: "history[\(i)]")
            }
            guard t.role == "user" || t.role == "assistant" else {
                throw APIError.badRequest("'history[\(i)].role' must be \"user\" or \"assistant\"", field: "history[\(i)].role")
            }
            guard t.content.count <= limits.maxSelectionLength else {
                throw APIError.badRequest("'history[\(i)].content' is too long (limit \(limits.maxSelectionLength) characters)", field: "history[\(i)].content", code: "too_long")
            }
            history.append(ChatMessage(role: t.role, content: t.content))
        }
        return history
    }
}
