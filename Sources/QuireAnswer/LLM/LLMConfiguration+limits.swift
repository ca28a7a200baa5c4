import QuireSupport

extension LLMConfiguration {
    /// The time limits and circuit settings a user can set, each as a flag, an environment
    /// variable and a `server.llm` key in `quire.yml` (seconds unless said otherwise).
    public enum Limit: String, Sendable, CaseIterable {
        case connectTimeout, firstTokenTimeout, retryBudget, circuitFailures, circuitCoolDown

        /// `QUIRE_LLM_CONNECT_TIMEOUT` …
        public var environmentKey: String {
            switch self {
            case .connectTimeout: "QUIRE_LLM_CONNECT_TIMEOUT"
            case .firstTokenTimeout: "QUIRE_LLM_FIRST_TOKEN_TIMEOUT"
            case .retryBudget: "QUIRE_LLM_RETRY_BUDGET"
            case .circuitFailures: "QUIRE_LLM_CIRCUIT_FAILURES"
            case .circuitCoolDown: "QUIRE_LLM_CIRCUIT_COOLDOWN"
            }
        }

        /// `--llm-connect-timeout` …
        public var flag: String {
            switch self {
            case .connectTimeout: "--llm-connect-timeout"
            case .firstTokenTimeout: "--llm-first-token-timeout"
            case .retryBudget: "--llm-retry-budget"
            case .circuitFailures: "--llm-circuit-failures"
            case .circuitCoolDown: "--llm-circuit-cooldown"
            }
        }

        /// The key under `server:` in `quire.yml` (`llm.connectTimeoutSeconds` …).
        public var fileKey: String {
            switch self {
            case .connectTimeout: "llm.connectTimeoutSeconds"
            case .firstTokenTimeout: "llm.firstTokenTimeoutSeconds"
            case .retryBudget: "llm.retryBudgetSeconds"
            case .circuitFailures: "llm.circuitFailures"
            case .circuitCoolDown: "llm.circuitCoolDownSeconds"
            }
        }

        /// Accepted values (seconds, or a count for `circuitFailures`).
        var range: ClosedRange<Double> {
            switch self {
            case .connectTimeout: 0.1...600
            case .firstTokenTimeout: 0.5...3_600
            case .retryBudget: 0...600
            case .circuitFailures: 0...1_000
            case .circuitCoolDown: 0.1...86_400
            }
        }
    }

    /// Applies the limits given; a value out of range is a `QuireError` naming its source.
    mutating func apply(_ settings: [Limit: Setting]) throws {
        for limit in Limit.allCases {
            guard let setting = settings[limit] else { continue }
            let text = setting.value.trimmingCharacters(in: .whitespaces)
            let value: Double
            if limit == .circuitFailures {
                guard let n = Int(text), limit.range.contains(Double(n)) else {
                    throw QuireError(.llmConfig, "\(setting.source) must be a whole number from 0 to 1000 (0 never opens the circuit), got '\(setting.value)'")
                }
                value = Double(n)
            } else {
                guard let n = Double(text), n.isFinite, limit.range.contains(n) else {
                    throw QuireError(.llmConfig, "\(setting.source) must be a number of seconds from \(Self.show(limit.range.lowerBound)) to \(Self.show(limit.range.upperBound)), got '\(setting.value)'")
                }
                value = n
            }
            switch limit {
            case .connectTimeout: limits.connect = value
            case .firstTokenTimeout: limits.firstToken = value
            case .retryBudget: retry.budget = value
            case .circuitFailures: limits.circuit.failureThreshold = Int(value)
            case .circuitCoolDown: limits.circuit.coolDown = value
            }
        }
    }

    static func show(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}
