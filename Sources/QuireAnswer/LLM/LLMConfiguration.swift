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
        func value(_ key: String) -> Setting? { env[key].flatMap { $0.isEmpty ? nil : Setting($0, from: key) } }
        return try resolve(provider: value("QUIRE_LLM_PROVIDER"), baseURL: value("QUIRE_LLM_BASE_URL"), model: value("QUIRE_LLM_MODEL"),
                           timeout: value("QUIRE_LLM_TIMEOUT"), env: env)
    }

    /// A value and where it came from (`--llm-model`, `QUIRE_LLM_MODEL`, `quire.yml: server.llm.model`),
    /// so that an error names the field to fix.
    public struct Setting: Sendable, Equatable {
        public var value: String
        public var source: String
        public init(_ value: String, from source: String) {
            self.value = value
            self.source = source
        }
    }

    /// Validates provider settings gathered from flags, environment and file. API keys come
    /// only from the environment (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`).
    public static func resolve(provider: Setting?, baseURL: Setting?, model: Setting?, timeout: Setting? = nil,
                               env: [String: String]) throws -> LLMConfiguration {
        let raw = (provider?.value ?? "none").trimmingCharacters(in: .whitespaces).lowercased()
        let providerName = provider?.source ?? "QUIRE_LLM_PROVIDER"
        guard let kind = Kind(rawValue: raw.isEmpty ? "none" : raw) else {
            throw QuireError("llm-config", "\(providerName) is '\(raw)': use one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let base = baseURL.flatMap { $0.value.isEmpty ? nil : $0.value }
        let model = model.flatMap { $0.value.isEmpty ? nil : $0.value }
        if let base, !(base.hasPrefix("http://") || base.hasPrefix("https://")) {
            throw QuireError("llm-config", "\(baseURL!.source) must start with http:// or https:// (got '\(base)')")
        }
        var seconds: Int64 = 120
        if let timeout {
            guard let n = Int64(timeout.value.trimmingCharacters(in: .whitespaces)), (1...3_600).contains(n) else {
                throw QuireError("llm-config", "\(timeout.source) must be a whole number of seconds from 1 to 3600, got '\(timeout.value)'")
            }
            seconds = n
        }
        switch kind {
        case .none:
            return .none
        case .openai:
            guard let key = env["OPENAI_API_KEY"], !key.isEmpty else {
                throw QuireError("llm-config", "\(providerName)=openai needs OPENAI_API_KEY in the environment (or use provider none for extractive answers)")
            }
            return LLMConfiguration(kind: kind, baseURL: base ?? "https://api.openai.com/v1", model: model ?? "gpt-4o-mini", apiKey: key,
                                    timeoutSeconds: seconds)
        case .anthropic:
            guard let key = env["ANTHROPIC_API_KEY"], !key.isEmpty else {
                throw QuireError("llm-config", "\(providerName)=anthropic needs ANTHROPIC_API_KEY in the environment (or use provider none for extractive answers)")
            }
            return LLMConfiguration(kind: kind, baseURL: base ?? "https://api.anthropic.com", model: model ?? "claude-3-5-haiku-latest", apiKey: key,
                                    timeoutSeconds: seconds)
        case .openaiCompatible:
            guard let base else {
                throw QuireError("llm-config", "\(providerName)=openai-compatible needs a base URL: QUIRE_LLM_BASE_URL, --llm-base-url or server.llm.baseUrl (e.g. http://127.0.0.1:11434/v1 for Ollama)")
            }
            guard let model else {
                throw QuireError("llm-config", "\(providerName)=openai-compatible needs a model: QUIRE_LLM_MODEL, --llm-model or server.llm.model (e.g. llama3.1)")
            }
            return LLMConfiguration(kind: kind, baseURL: base, model: model, apiKey: env["OPENAI_API_KEY"], timeoutSeconds: seconds)
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
