import AsyncHTTPClient
import Foundation
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

    func body(_ request: LLMRequest) -> Data {
        var messages: [[String: String]] = [["role": "system", "content": request.system]]
        messages += request.messages.map { ["role": $0.role, "content": $0.content] }
        var body: [String: Any] = [
            "model": model, "messages": messages, "stream": true,
            "max_tokens": request.maxTokens, "temperature": request.temperature,
        ]
        if name == "openai" { body["stream_options"] = ["include_usage": true] }
        return (try? JSONSerialization.data(withJSONObject: body)) ?? Data()
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
                        guard let obj = JSONSerialization.object(event.data) else {
                            throw LLMError(.decoding, "a stream event is not JSON")
                        }
                        if let e = obj["error"] {
                            let msg = (e as? [String: Any])?["message"] as? String ?? "\(e)"
                            throw LLMError(.provider, msg)
                        }
                        if let usage = obj["usage"] as? [String: Any],
                           let p = usage["prompt_tokens"] as? Int, let c = usage["completion_tokens"] as? Int {
                            continuation.yield(.usage(inputTokens: p, outputTokens: c))
                        }
                        for choice in obj["choices"] as? [[String: Any]] ?? [] {
                            if let delta = choice["delta"] as? [String: Any], let text = delta["content"] as? String, !text.isEmpty {
                                continuation.yield(.text(text))
                            }
                            
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
