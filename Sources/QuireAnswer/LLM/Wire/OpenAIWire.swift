/// The parts of OpenAI's Chat Completions protocol that Quire sends and reads.
enum OpenAIWire {
    struct Request: Encodable, Equatable {
        struct StreamOptions: Encodable, Equatable {
            var includeUsage: Bool
            enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
        }
        var model: String
        var messages: [ChatMessage]
        var stream: Bool
        var maxTokens: Int
        var temperature: Double
        /// Only OpenAI itself is sent this; some compatible servers reject unknown fields.
        var streamOptions: StreamOptions?

        enum CodingKeys: String, CodingKey {
            case model, messages, stream, temperature
            case maxTokens = "max_tokens"
            case streamOptions = "stream_options"
        }
    }

    /// One `data:` event of a streamed completion.
    struct Chunk: Decodable {
        struct Choice: Decodable {
            struct Delta: Decodable { var content: String? }
            var delta: Delta?
        }
        struct Usage: Decodable {
            var promptTokens: Int?
            var completionTokens: Int?
            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens"
                case completionTokens = "completion_tokens"
            }
        }
        var choices: [Choice]?
        var usage: Usage?
        var error: ProviderErrorDetail?
    }
}
