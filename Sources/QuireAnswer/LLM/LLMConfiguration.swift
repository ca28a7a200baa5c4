import AsyncHTTPClient
import Foundation
import Logging
import QuireSupport

/// Which provider to use, from the environment:
/// `QUIRE_LLM_PROVIDER` = openai | anthropic | openai-compatible | none (default: none),
/// `QUIRE_LLM_BASE_URL`, `QUIRE_LLM_MODEL`, `OPENAI_API_KEY` / `ANTHROPIC_API_KEY`.
public struct LLMConfiguration: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case openai, anthropic, openaiCompatible = "openai-compatible", none
    }
    public var kind: Kind
    public var baseURL: String
    public var model: String
    /// Never printed (see `description`).
    public var apiKey: String?
    public var retry: RetryPolicy
    public var timeoutSeconds: Int64

    public init(kind: Kind, baseURL: String = "", model: String = "", apiKey: String? = nil,
                retry: RetryPolicy = RetryPolicy(), timeoutSeconds: Int64 = 120) {
        self.kind = kind
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.retry = retry
        self.timeoutSeconds = timeoutSeconds
    }

    public static let none = LLMConfiguration(kind: .none)

    /// Reads and validates the environment; a `QuireError` (`llm-config`) says what to fix.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> LLMConfiguration {
        let raw = (env["QUIRE_LLM_PROVIDER"] ?? "none").trimmingCharacters(in: .whitespaces).lowercased()
        guard let kind = Kind(rawValue: raw.isEmpty ? "none" : raw) else {
            throw QuireError("llm-config", "QUIRE_LLM_PROVIDER is '\(raw)': use one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let base = env["QUIRE_LLM_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let model = env["QUIRE_LLM_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
        if let base, !(base.hasPrefix("http://") || base.hasPrefix("https://")) {
            throw QuireError("llm-config", "QUIRE_LLM_BASE_URL must start with http:// or https:// (got '\(base)')")
        }
        switch kind {
        case .none:
            return .none
        case .openai:
            guard let key = env["OPENAI_API_KEY"], !key.isEmpty else {
                throw QuireError("llm-config", "QUIRE_LLM_PROVIDER=openai needs OPENAI_API_KEY (or use QUIRE_LLM_PROVIDER=none for extractive answers)")
            }
            return LLMConfiguration(kind: kind, baseURL: base ?? "https://api.openai.com/v1", model: model ?? "gpt-4o-mini", apiKey: key)
        case .anthropic:
            guard let key = env["ANTHROPIC_API_KEY"], !key.isEmpty else {
                throw QuireError("llm-config", "QUIRE_LLM_PROVIDER=anthropic needs ANTHROPIC_API_KEY (or use QUIRE_LLM_PROVIDER=none for extractive answers)")
            }
            return LLMConfiguration(kind: kind, baseURL: base ?? "https://api.anthropic.com", model: model ?? "claude-3-5-haiku-latest", apiKey: key)
        case .openaiCompatible:
            guard let base else {
                throw QuireError("llm-config", "QUIRE_LLM_PROVIDER=openai-compatible needs QUIRE_LLM_BASE_URL (e.g. http://127.0.0.1:11434/v1 for Ollama)")
            }
            guard let model else {
                throw QuireError("llm-config", "QUIRE_LLM_PROVIDER=openai-compatible needs QUIRE_LLM_MODEL (e.g. llama3.1)")
            }
            return LLMConfiguration(kind: kind, baseURL: base, model: model, apiKey: env["OPENAI_API_KEY"])
        }
    }

    /// The provider, or nil for `none`, on the shared HTTP client.
    public func makeProvider() -> (any LLMProvider)? {
        makeProvider(httpClient: HTTPClient.shared)
    }

    /// The provider, or nil for `none`.
    public func makeProvider(httpClient: HTTPClient, logger: Logger = Logger(label: "quire.llm")) -> (any LLMProvider)? {
        switch kind {
        case .none:
            return nil
        case .openai, .openaiCompatible:
            return OpenAIProvider(name: kind.rawValue, baseURL: baseURL, model: model, apiKey: apiKey, httpClient: httpClient,
                                  retry: retry, timeout: .seconds(timeoutSeconds), logger: logger)
        case .anthropic:
            return AnthropicProvider(baseURL: baseURL, model: model, apiKey: apiKey ?? "", httpClient: httpClient,
                                     retry: retry, timeout: .seconds(timeoutSeconds), logger: logger)
        }
    }

    public var description: String {
        kind == .none ? "none (extractive answers)" : "\(kind.rawValue) model \(model) at \(baseURL)"
    }
}
