import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import QuireSupport

/// Which provider to use and how long to wait for it, from flags, the environment and
/// `quire.yml` (`resolve`), or the environment alone (`fromEnvironment`):
/// `QUIRE_LLM_PROVIDER` = openai | anthropic | openai-compatible | none (default: none),
/// `QUIRE_LLM_BASE_URL`, `QUIRE_LLM_MODEL`, `OPENAI_API_KEY` / `ANTHROPIC_API_KEY`, and the
/// limits of `LLMConfiguration+limits.swift`.
public struct LLMConfiguration: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case openai, anthropic, openaiCompatible = "openai-compatible", none
    }
    public var kind: Kind
    public var baseURL: String
    public var model: String
    /// Never printed (see `description`).
    public var apiKey: String?
    /// Retries before the answer starts, and their time budget.
    public var retry: RetryPolicy
    /// Connect, first-token and total time limits; the circuit breaker.
    public var limits: LLMLimits

    public init(kind: Kind, baseURL: String = "", model: String = "", apiKey: String? = nil,
                retry: RetryPolicy = RetryPolicy(), timeoutSeconds: Int64 = 120, limits: LLMLimits? = nil) {
        self.kind = kind
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.retry = retry
        self.limits = limits ?? LLMLimits(total: Double(timeoutSeconds))
    }

    public static let none = LLMConfiguration(kind: .none)

    /// The total deadline of one answer, in whole seconds.
    public var timeoutSeconds: Int64 {
        get { Int64(limits.total.rounded(.up)) }
        set { limits.total = Double(newValue) }
    }

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
    /// only from the environment (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`). `limits` holds the
    /// time limits and circuit settings that were given (`Limit`); the ones it lacks are read
    /// from `env` (`QUIRE_LLM_CONNECT_TIMEOUT` …), else they keep their defaults.
    public static func resolve(provider: Setting?, baseURL: Setting?, model: Setting?, timeout: Setting? = nil,
                               limits: [Limit: Setting] = [:], env: [String: String]) throws -> LLMConfiguration {
        let raw = (provider?.value ?? "none").trimmingCharacters(in: .whitespaces).lowercased()
        let providerName = provider?.source ?? "QUIRE_LLM_PROVIDER"
        guard let kind = Kind(rawValue: raw.isEmpty ? "none" : raw) else {
            throw QuireError(.llmConfig, "\(providerName) is '\(raw)': use one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let base = baseURL.flatMap { $0.value.isEmpty ? nil : $0.value }
        let model = model.flatMap { $0.value.isEmpty ? nil : $0.value }
        if let base, !(base.hasPrefix("http://") || base.hasPrefix("https://")) {
            throw QuireError(.llmConfig, "\(baseURL!.source) must start with http:// or https:// (got '\(base)')")
        }
        var seconds: Int64 = 120
        if let timeout {
            guard let n = Int64(timeout.value.trimmingCharacters(in: .whitespaces)), (1...3_600).contains(n) else {
                throw QuireError(.llmConfig, "\(timeout.source) must be a whole number of seconds from 1 to 3600, got '\(timeout.value)'")
            }
            seconds = n
        }
        var config: LLMConfiguration
        switch kind {
        case .none:
            return .none
        case .openai:
            guard let key = env["OPENAI_API_KEY"], !key.isEmpty else {
                throw QuireError(.llmConfig, "\(providerName)=openai needs OPENAI_API_KEY in the environment (or use provider none for extractive answers)")
            }
            config = LLMConfiguration(kind: kind, baseURL: base ?? "https://api.openai.com/v1", model: model ?? "gpt-4o-mini", apiKey: key)
        case .anthropic:
            guard let key = env["ANTHROPIC_API_KEY"], !key.isEmpty else {
                throw QuireError(.llmConfig, "\(providerName)=anthropic needs ANTHROPIC_API_KEY in the environment (or use provider none for extractive answers)")
            }
            config = LLMConfiguration(kind: kind, baseURL: base ?? "https://api.anthropic.com", model: model ?? "claude-3-5-haiku-latest", apiKey: key)
        case .openaiCompatible:
            guard let base else {
                throw QuireError(.llmConfig, "\(providerName)=openai-compatible needs a base URL: QUIRE_LLM_BASE_URL, --llm-base-url or server.llm.baseUrl (e.g. http://127.0.0.1:11434/v1 for Ollama)")
            }
            guard let model else {
                throw QuireError(.llmConfig, "\(providerName)=openai-compatible needs a model: QUIRE_LLM_MODEL, --llm-model or server.llm.model (e.g. llama3.1)")
            }
            config = LLMConfiguration(kind: kind, baseURL: base, model: model, apiKey: env["OPENAI_API_KEY"])
        }
        config.timeoutSeconds = seconds
        // A limit not given by the caller still comes from the environment.
        var given = limits
        for limit in Limit.allCases where given[limit] == nil {
            if let v = env[limit.environmentKey], !v.isEmpty { given[limit] = Setting(v, from: limit.environmentKey) }
        }
        try config.apply(given)
        return config
    }

    /// The provider, or nil for `none`: on its own HTTP client (connect timeout, no pool
    /// retry loop) and guarded by `ResilientProvider` (circuit breaker, first-token and total
    /// time limits). Each call makes a new circuit breaker: keep the provider for the process.
    public func makeProvider(logger: Logger = Logger(label: "quire.llm")) -> (any LLMProvider)? {
        makeProvider(httpClient: LLMHTTPClient.shared(connectTimeout: limits.connect), logger: logger)
    }

    /// The provider on a given HTTP client, or nil for `none`. With a client whose pool
    /// retries connections (`HTTPClient.shared`), a refused connection is only noticed at the
    /// deadline: prefer `makeProvider(logger:)`.
    public func makeProvider(httpClient: HTTPClient, logger: Logger = Logger(label: "quire.llm")) -> (any LLMProvider)? {
        let timeout = TimeAmount.milliseconds(Int64(limits.total * 1000))
        let inner: any LLMProvider
        switch kind {
        case .none:
            return nil
        case .openai, .openaiCompatible:
            inner = OpenAIProvider(name: kind.rawValue, baseURL: baseURL, model: model, apiKey: apiKey, httpClient: httpClient,
                                   retry: retry, timeout: timeout, logger: logger)
        case .anthropic:
            inner = AnthropicProvider(baseURL: baseURL, model: model, apiKey: apiKey ?? "", httpClient: httpClient,
                                      retry: retry, timeout: timeout, logger: logger)
        }
        return ResilientProvider(inner, limits: limits, breaker: CircuitBreaker(policy: limits.circuit, provider: kind.rawValue, logger: logger))
    }

    public var description: String {
        kind == .none ? "none (extractive answers)" : "\(kind.rawValue) model \(model) at \(baseURL)"
    }
}
