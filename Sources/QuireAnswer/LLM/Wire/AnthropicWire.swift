/// The parts of Anthropic's Messages protocol that Quire sends and reads.
enum AnthropicWire {
    struct Request: Encodable, Equatable {
        var model: String
        var system: String
        var stream: Bool
        var maxTokens: Int
        var temperature: Double
        var messages: [ChatMessage]

        enum CodingKeys: String, CodingKey {
            case model, system, stream, temperature, messages
            case maxTokens = "max_tokens"
        }
    }

    /// One streamed event: `message_start`, `content_block_delta`, `message_delta`,
    /// `message_stop`, `ping` or `error`.
    struct Event: Decodable {
        struct Usage: Decodable {
            var inputTokens: Int?
            var outputTokens: Int?
            enum CodingKeys: String, CodingKey {
                case inputTokens = "input_tokens"
                case outputTokens = "output_tokens"
            }
        }
        struct Message: Decodable { var usage: Usage? }
        struct Delta: Decodable {
            var type: String?
            var text: String?
        }
        var type: String?
        var message: Message?
        var delta: Delta?
        var usage: Usage?
        var error: ProviderErrorDetail?
    }
}
