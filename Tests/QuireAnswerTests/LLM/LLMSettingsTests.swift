@testable import QuireAnswer
import QuireSupport
import Testing

/// The time limits and circuit settings: defaults, environment, and errors that name the field.
@Suite struct LLMSettingsTests {
    let base = ["QUIRE_LLM_PROVIDER": "openai-compatible", "QUIRE_LLM_BASE_URL": "http://127.0.0.1:9/v1", "QUIRE_LLM_MODEL": "m"]

    @Test func defaults() throws {
        let c = try LLMConfiguration.fromEnvironment(base)
        #expect(c.limits == LLMLimits(connect: 2, firstToken: 10, total: 120, circuit: .init(failureThreshold: 3, coolDown: 30)))
        #expect(c.retry.budget == 3)
        #expect(c.timeoutSeconds == 120)
    }

    @Test func fromTheEnvironment() throws {
        let c = try LLMConfiguration.fromEnvironment(base.merging([
            "QUIRE_LLM_CONNECT_TIMEOUT": "0.5", "QUIRE_LLM_FIRST_TOKEN_TIMEOUT": "4", "QUIRE_LLM_TIMEOUT": "30",
            "QUIRE_LLM_RETRY_BUDGET": "1.5", "QUIRE_LLM_CIRCUIT_FAILURES": "5", "QUIRE_LLM_CIRCUIT_COOLDOWN": "12",
        ]) { $1 })
        #expect(c.limits.connect == 0.5 && c.limits.firstToken == 4 && c.limits.total == 30)
        #expect(c.retry.budget == 1.5)
        #expect(c.limits.circuit == .init(failureThreshold: 5, coolDown: 12))
    }

    @Test func badValuesNameTheirSource() {
        for (key, value, says) in [
            ("QUIRE_LLM_CONNECT_TIMEOUT", "fast", "QUIRE_LLM_CONNECT_TIMEOUT must be a number of seconds from 0.1 to 600, got 'fast'"),
            ("QUIRE_LLM_FIRST_TOKEN_TIMEOUT", "0", "QUIRE_LLM_FIRST_TOKEN_TIMEOUT must be a number of seconds from 0.5 to 3600"),
            ("QUIRE_LLM_RETRY_BUDGET", "-1", "QUIRE_LLM_RETRY_BUDGET must be"),
            ("QUIRE_LLM_CIRCUIT_FAILURES", "2.5", "QUIRE_LLM_CIRCUIT_FAILURES must be a whole number from 0 to 1000"),
            ("QUIRE_LLM_CIRCUIT_COOLDOWN", "nan", "QUIRE_LLM_CIRCUIT_COOLDOWN must be"),
        ] {
            do {
                _ = try LLMConfiguration.fromEnvironment(base.merging([key: value]) { $1 })
                Issue.record("\(key)=\(value) was accepted")
            } catch let error as QuireError {
                #expect(error.description.contains(says), "\(error)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func settingsFromAFileNameTheKey() {
        let limits: [LLMConfiguration.Limit: LLMConfiguration.Setting] = [
            .firstTokenTimeout: .init("soon", from: "quire.yml: server.llm.firstTokenTimeoutSeconds"),
        ]
        #expect(throws: QuireError.self) {
            try LLMConfiguration.resolve(provider: .init("openai-compatible", from: "--llm-provider"), baseURL: .init("http://h/v1", from: "--llm-base-url"),
                                         model: .init("m", from: "--llm-model"), limits: limits, env: [:])
        }
        #expect(LLMConfiguration.Limit.allCases.map(\.flag) == ["--llm-connect-timeout", "--llm-first-token-timeout", "--llm-retry-budget",
                                                               "--llm-circuit-failures", "--llm-circuit-cooldown"])
    }

    @Test func retryAfterIsReadHoweverLong() {
        #expect(RetryPolicy.retryAfter(ms: nil, value: "60") == 60)
        #expect(RetryPolicy.retryAfter(ms: "250", value: "60") == 0.25)
        #expect(RetryPolicy.retryAfter(ms: nil, value: "soon") == nil)
        #expect(RetryPolicy.retryAfter(ms: nil, value: nil) == nil)
    }

    @Test func providerErrorBodiesInTheirVariousShapes() {
        #expect(ProviderErrorDetail.message(inBody: #"{"error": {"message": "slow down", "type": "rate_limit_error"}}"#) == "rate_limit_error: slow down")
        #expect(ProviderErrorDetail.message(inBody: #"{"error": {"code": 503, "message": "loading model"}}"#) == "503: loading model")
        #expect(ProviderErrorDetail.message(inBody: #"{"error": "model not found"}"#) == "model not found")
        #expect(ProviderErrorDetail.message(inBody: #"{"message": "bad gateway"}"#) == "bad gateway")
        #expect(ProviderErrorDetail.message(inBody: "<html>502</html>") == nil)
    }
}
