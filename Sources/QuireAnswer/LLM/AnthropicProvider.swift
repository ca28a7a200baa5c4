import AsyncHTTPClient
import Logging
import NIOCore

/// Anthropic Messages API, streamed: `message_start`, `content_block_delta` (`text_delta`),
/// `message_delta` (usage), `message_stop`; `ping` ignored; `error` events end the stream
/// with an `LLMError`.
public struct AnthropicProvider: LLMProvider {
    public let name = "anthropic"
    public let model: String
    /// Ends before `/v1/messages`, e.g. `https://api.anthropic.com`.
    public let baseURL: String
    let apiKey: String
    let client: StreamingClient

    public init(baseURL: String = "https://api.anthropic.com", model: String, apiKey: String, httpClient: HTTPClient,
                retry: RetryPolicy = RetryPolicy(), timeout: TimeAmount = .seconds(120),
                logger: Logger = Logger(label: "quire.llm")) {
        self.model = model
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.client = StreamingClient(client: httpClient, retry: retry, timeout: timeout, logger: logger)
    }

    func body(_ request: LLMRequest) -> AnthropicWire.Request {
        AnthropicWire.Request(model: model, system: request.system, stream: true, maxTokens: request.maxTokens,
                              temperature: request.temperature, messages: request.messages.filter { $0.role != "system" })
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMEvent, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let headers = [("x-api-key", apiKey), ("anthropic-version", "2023-06-01")]
                    let response = try await client.send(url: baseURL + "/v1/messages", headers: headers,
                                                         body: body(request), provider: name)
                    var input = 0
                    try await client.events(of: response) { event in
                        let e = try StreamingClient.decode(AnthropicWire.Event.self, event)
                        switch e.type ?? event.event {
                        case "message_start":
                            input = e.message?.usage?.inputTokens ?? 0
                        case "content_block_delta":
                            if e.delta?.type == "text_delta", let text = e.delta?.text, !text.isEmpty {
                                continuation.yield(.text(text))
                            }
                        case "message_delta":
                            if let out = e.usage?.outputTokens {
                                continuation.yield(.usage(inputTokens: input, outputTokens: out))
                            }
                        case "message_stop":
                            return true
                        case "error":
                            let detail = e.error ?? ProviderErrorDetail(message: nil)
                            throw LLMError(.provider, "\(detail.type ?? "error"): \(detail.message ?? "")")
                        default:
                            break
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
