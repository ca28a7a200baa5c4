import AsyncHTTPClient
import Logging
import NIOCore

/// OpenAI Chat Completions, streamed (`stream: true`), and any server speaking the same
/// protocol at another base URL (Ollama, vLLM, llama.cpp: `openai-compatible`).
public struct OpenAIProvider: LLMProvider {
    public let name: String
    public let model: String
    /// Ends before `/chat/completions`, e.g. `https://api.openai.com/v1`.
    public let baseURL: String
    let apiKey: String?
    let client: StreamingClient

    public init(name: String = "openai", baseURL: String = "https://api.openai.com/v1", model: String, apiKey: String?,
                httpClient: HTTPClient, retry: RetryPolicy = RetryPolicy(), timeout: TimeAmount = .seconds(120),
                logger: Logger = Logger(label: "quire.llm")) {
        self.name = name
        self.model = model
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.client = StreamingClient(client: httpClient, retry: retry, timeout: timeout, logger: logger)
    }

    func body(_ request: LLMRequest) -> OpenAIWire.Request {
        OpenAIWire.Request(model: model, messages: [ChatMessage(role: "system", content: request.system)] + request.messages,
                           stream: true, maxTokens: request.maxTokens, temperature: request.temperature,
                           streamOptions: name == "openai" ? .init(includeUsage: true) : nil)
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMEvent, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var headers: [(String, String)] = []
                    if let apiKey, !apiKey.isEmpty { headers.append(("authorization", "Bearer " + apiKey)) }
                    let response = try await client.send(url: baseURL + "/chat/completions", headers: headers,
                                                         body: body(request), provider: name)
                    try await client.events(of: response) { event in
                        if event.data == "[DONE]" { return true }
                        let chunk = try StreamingClient.decode(OpenAIWire.Chunk.self, event)
                        if let e = chunk.error { throw LLMError(.provider, e.summary) }
                        if let p = chunk.usage?.promptTokens, let c = chunk.usage?.completionTokens {
                            continuation.yield(.usage(inputTokens: p, outputTokens: c))
                        }
                        for choice in chunk.choices ?? [] {
                            if let text = choice.delta?.content, !text.isEmpty { continuation.yield(.text(text)) }
                        }
                        return false
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
