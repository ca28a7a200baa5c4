import AsyncHTTPClient
import Foundation
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

    func body(_ request: LLMRequest) -> Data {
        let body: [String: Any] = [
            "model": model, "system": request.system, "stream": true,
            "max_tokens": request.maxTokens, "temperature": request.temperature,
            "messages": request.messages.filter { $0.role != "system" }.map { ["role": $0.role, "content": $0.content] },
        ]
        return (try? JSONSerialization.data(withJSONObject: body)) ?? Data()
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
                        guard let obj = JSONSerialization.object(event.data) else {
                            throw LLMError(.decoding, "a stream event is not JSON")
                        }
                        let type = obj["type"] as? String ?? event.event
                        switch type {
                        case "message_start":
                            let usage = (obj["message"] as? [String: Any])?["usage"] as? [String: Any]
                            input = usage?["input_tokens"] as? Int ?? 0
                        case "content_block_delta":
                            if let delta = obj["delta"] as? [String: Any], delta["type"] as? String == "text_delta",
                               let text = delta["text"] as? String, !text.isEmpty {
                                continuation.yield(.text(text))
                            }
                        case "message_delta":
                            if let out = (obj["usage"] as? [String: Any])?["output_tokens"] as? Int {
                                continuation.yield(.usage(inputTokens: input, outputTokens: out))
                            }
                        case "message_stop":
                            return true
                        case "error":
                            let e = obj["error"] as? [String: Any]
                            throw LLMError(.provider, "\(e?["type"] as? String ?? "error"): \(e?["message"] as? String ?? "")")
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
