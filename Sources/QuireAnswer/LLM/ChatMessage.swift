/// One turn of a conversation, as OpenAI and Anthropic both spell it.
public struct ChatMessage: Sendable, Codable, Equatable {
    /// "system", "user" or "assistant".
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// What a provider is asked: a system prompt and the conversation.
public struct LLMRequest: Sendable, Equatable {
    public var system: String
    public var messages: [ChatMessage]
    public var maxTokens: Int
    public var temperature: Double

    public init(system: String, messages: [ChatMessage], maxTokens: Int = 700, temperature: Double = 0.2) {
        self.system = system
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
    }
}

/// What a provider's stream yields.
public enum LLMEvent: Sendable, Equatable {
    case text(String)
    case usage(inputTokens: Int, outputTokens: Int)
}

/// A chat model that streams its answer.
public protocol LLMProvider: Sendable {
    /// "openai", "anthropic" or "openai-compatible".
    var name: String { get }
    var model: String { get }
    /// Text deltas then usage. Finishes normally only when the provider said the answer is
    /// complete; a cut stream, an HTTP error after retries or a timeout throws `LLMError`.
    func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMEvent, Error>
    /// The circuit breaker guarding this provider, when there is one (`ResilientProvider`).
    var circuit: CircuitBreaker? { get }
}

extension LLMProvider {
    public var circuit: CircuitBreaker? { nil }
}

/// Why a provider call failed. `description` never contains the API key.
public struct LLMError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case http, quota, auth, truncated, timeout, network, provider, decoding
        /// Connection refused, host not found, connect timeout: failed before any request was sent.
        case unreachable
        /// Not asked at all: the circuit breaker is open after repeated failures.
        case unavailable
    }
    public var kind: Kind
    public var status: Int?
    public var message: String

    public init(_ kind: Kind, status: Int? = nil, _ message: String) {
        self.kind = kind
        self.status = status
        self.message = message
    }

    public var description: String {
        "llm \(kind.rawValue)\(status.map { " \($0)" } ?? ""): \(message)"
    }
}
