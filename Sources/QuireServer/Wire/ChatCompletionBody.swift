import QuireAnswer

/// `POST /v1/chat/completions` body, as OpenAI clients send it: `{"model"?, "messages":
/// [{role, content}], "stream"?, "stream_options"?: {"include_usage"}}`. The last user message
/// is the question; earlier user/assistant turns (at most `maxHistoryTurns`) are the history;
/// other roles (system, tool) are ignored. `content` may be a string, an array of parts (their
/// `text`s are joined by newlines) or null. `model` is only echoed back.
struct ChatCompletionBody: Decodable {
    var ask: AskRequest
    var model: String
    var stream: Bool
    var includeUsage: Bool

    enum CodingKeys: String, CodingKey {
        case model, messages, stream
        case streamOptions = "stream_options"
    }

    init(from decoder: any Decoder) throws {
        let limits = decoder.requestLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let turns = try Self.messages(c)
        guard let lastUser = turns.lastIndex(where: { $0.role == "user" }) else {
            throw APIError.badRequest("'messages' has no user message to answer", field: "messages")
        }
        let history = turns[..<lastUser].filter { $0.role == "user" || $0.role == "assistant" }.suffix(limits.maxHistoryTurns)
        ask = AskRequest(question: try AskBody.question(turns[lastUser].content, limits), history: Array(history))
        model = (try? c.decode(String.self, forKey: .model)).flatMap { $0.isEmpty ? nil : $0 } ?? "quire"
        stream = try c.field(Bool.self, .stream, orFail: "'stream' must be true or false") ?? false
        includeUsage = (try? c.decode(StreamOptions.self, forKey: .streamOptions))?.includeUsage ?? false
    }

    static func messages(_ c: KeyedDecodingContainer<CodingKeys>) throws -> [ChatMessage] {
        guard var list = try? c.nestedUnkeyedContainer(forKey: .messages), (list.count ?? 0) > 0 else {
            throw APIError.badRequest("'messages' must be a non-empty array of {role, content}", field: "messages")
        }
        var turns: [ChatMessage] = []
        while !list.isAtEnd {
            let m = try list.decode(Message.self)
            turns.append(ChatMessage(role: m.role, content: m.content))
        }
        return turns
    }

    /// One message; its index comes from the coding path, for the error's field.
    struct Message: Decodable {
        var role: String
        var content: String

        enum CodingKeys: String, CodingKey { case role, content }

        init(from decoder: any Decoder) throws {
            let i = decoder.codingPath.last?.intValue ?? 0
            guard let c = try? decoder.container(keyedBy: CodingKeys.self), let role = try? c.decode(String.self, forKey: .role) else {
                throw APIError.badRequest("'messages[\(i)]' must be an object with 'role' and 'content'", field: "messages[\(i)]")
            }
            self.role = role
            if let text = try? c.decode(String.self, forKey: .content) {
                content = text
            } else if let parts = try? c.decode([Part].self, forKey: .content) {
                content = parts.compactMap(\.text).joined(separator: "\n")
            } else if !c.contains(.content) || (try? c.decodeNil(forKey: .content)) == true {
                content = ""
            } else {
                throw APIError.badRequest("'messages[\(i)].content' must be a string or an array of text parts", field: "messages[\(i)].content")
            }
        }
    }

    /// A content part; parts without a string `text` (images, ...) count as nothing.
    struct Part: Decodable {
        var text: String?

        enum CodingKeys: String, CodingKey { case text }

        init(from decoder: any Decoder) throws {
            text = try? decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .text)
        }
    }

    struct StreamOptions: Decodable {
        var includeUsage: Bool

        enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }

        init(from decoder: any Decoder) throws {
            includeUsage = (try? decoder.container(keyedBy: CodingKeys.self).decode(Bool.self, forKey: .includeUsage)) ?? false
        }
    }
}
