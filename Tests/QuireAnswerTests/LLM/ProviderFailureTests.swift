import Foundation
@testable import QuireAnswer
import Testing

/// How a provider call fails against local fake providers on real sockets, through the same
/// path the server uses (`LLMConfiguration.makeProvider`: own HTTP client, retry budget,
/// first-token and total limits). Times are asserted only where the behaviour *is* the time
/// (failing at once instead of after a retry loop), with wide margins.
@Suite(.serialized) struct ProviderFailureTests {
    static let request = LLMRequest(system: "Answer from the excerpts.", messages: [ChatMessage(role: "user", content: "What is a Jacobian?")])

    func config(_ base: String, connect: Double = 2, firstToken: Double = 10, total: Double = 30, retries: Int = 2,
                budget: Double = 3, failures: Int = 3, coolDown: Double = 30) -> LLMConfiguration {
        LLMConfiguration(kind: .openaiCompatible, baseURL: base + "/v1", model: "fake-model", apiKey: "sk-test",
                         retry: RetryPolicy(maxRetries: retries, initialDelay: 0.05, maxDelay: 0.2, budget: budget),
                         limits: LLMLimits(connect: connect, firstToken: firstToken, total: total,
                                           circuit: .init(failureThreshold: failures, coolDown: coolDown)))
    }

    /// Text received, and the error that ended the stream (nil when it completed).
    static func collect(_ provider: any LLMProvider) async -> (text: String, error: LLMError?, seconds: Double) {
        let start = ContinuousClock.now
        var text = ""
        do {
            for try await event in provider.stream(request) {
                if case .text(let t) = event { text += t }
            }
            return (text, nil, (ContinuousClock.now - start).seconds)
        } catch {
            return (text, error as? LLMError ?? LLMError(.network, "not an LLMError: \(error)"), (ContinuousClock.now - start).seconds)
        }
    }

    @Test func aCompleteStreamSendsCodableJSONAndYieldsText() async throws {
        let fake = try FakeLLMServer([.stream(FakeLLMServer.openAIEvents(["The Jacobian", " relates velocities [1]."]))])
        defer { fake.stop() }
        let r = await Self.collect(try #require(config(fake.baseURL).makeProvider()))
        #expect(r.error == nil)
        #expect(r.text == "The Jacobian relates velocities [1].")
        let sent = try #require(fake.requests.first)
        #expect(sent.path == "/v1/chat/completions" && sent.headers["authorization"] == "Bearer sk-test")
        struct Body: Decodable {
            var model: String
            var stream: Bool
            var max_tokens: Int
            var messages: [ChatMessage]
            var stream_options: [String: Bool]?
        }
        let body = try JSONDecoder().decode(Body.self, from: Data(sent.body.utf8))
        #expect(body.model == "fake-model" && body.stream && body.max_tokens == 700)
        #expect(body.messages.map(\.role) == ["system", "user"])
        #expect(body.stream_options == nil, "only OpenAI itself is sent stream_options")
    }

    @Test func aRefusedConnectionFailsAtOnceWithoutRetrying() async throws {
        let port = try FakeLLMServer.closedPort()
        // A connect timeout of 30 s: failing well before it shows the pool did not retry (a retry
        // loop runs until the connect timeout). The bound leaves room for a loaded test machine.
        let r = await Self.collect(try #require(config("http://127.0.0.1:\(port)", connect: 30).makeProvider()))
        let error = try #require(r.error)
        #expect(error.kind == .unreachable)
        #expect(error.message.contains("connection refused"), "\(error)")
        #expect(error.message.contains("127.0.0.1:\(port)"))
        #expect(r.seconds < 10, "took \(r.seconds) s")
    }

    @Test func anUnresolvableHostFailsAtOnce() async throws {
        let r = await Self.collect(try #require(config("http://quire-no-such-provider.invalid:8080", connect: 30).makeProvider()))
        let error = try #require(r.error)
        #expect(error.kind == .unreachable, "\(error)")
        #expect(error.message.contains("quire-no-such-provider.invalid"))
        #expect(r.seconds < 10, "took \(r.seconds) s")
    }

    @Test func aProviderThatAcceptsAndNeverAnswersHitsTheFirstTokenTimeout() async throws {
        let fake = try FakeLLMServer([.silent])
        defer { fake.stop() }
        let r = await Self.collect(try #require(config(fake.baseURL, firstToken: 0.6).makeProvider()))
        let error = try #require(r.error)
        #expect(error.kind == .timeout)
        #expect(error.message.contains("first-token timeout (0.6 s)"), "\(error)")
        #expect(r.seconds >= 0.55 && r.seconds < 5, "took \(r.seconds) s")
        #expect(fake.requests.count == 1)
    }

    @Test func headersThenAStallHitTheFirstTokenTimeout() async throws {
        let fake = try FakeLLMServer([.headersThenStall])
        defer { fake.stop() }
        let r = await Self.collect(try #require(config(fake.baseURL, firstToken: 0.6).makeProvider()))
        let error = try #require(r.error)
        #expect(error.kind == .timeout && error.message.contains("first-token"), "\(error)")
        #expect(r.seconds >= 0.55 && r.seconds < 5, "took \(r.seconds) s")
    }

    @Test func aStreamThatGoesQuietIsEndedAndKeepsItsText() async throws {
        // One word, then three seconds of silence before the end: the quiet-stream limit ends it.
        let fake = try FakeLLMServer([.stream(FakeLLMServer.openAIEvents(["Partial"]), gapMs: 3_000)])
        defer { fake.stop() }
        let r = await Self.collect(try #require(config(fake.baseURL, firstToken: 0.6).makeProvider()))
        let error = try #require(r.error)
        #expect(r.text == "Partial")
        #expect(error.kind == .timeout && error.message.contains("went quiet"), "\(error)")
    }

    @Test func theTotalDeadlineEndsAStreamThatNeverFinishes() async throws {
        let words = Array(repeating: "word ", count: 200)
        let fake = try FakeLLMServer([.stream(FakeLLMServer.openAIEvents(words), gapMs: 50)])
        defer { fake.stop() }
        let r = await Self.collect(try #require(config(fake.baseURL, firstToken: 1, total: 1).makeProvider()))
        let error = try #require(r.error)
        #expect(error.kind == .timeout && error.message.contains("total deadline (1 s)"), "\(error)")
        #expect(!r.text.isEmpty && r.text.count < words.joined().count)
        // The whole stream would take 10 s; the bound leaves room for a loaded CI machine.
        #expect(r.seconds < 8, "took \(r.seconds) s")
    }

    @Test func retryAfterLongerThanTheBudgetFallsBackNow() async throws {
        let fake = try FakeLLMServer([.status(429, headers: ["retry-after": "60"], body: #"{"error": {"message": "slow down", "type": "rate_limit_error"}}"#)])
        defer { fake.stop() }
        let r = await Self.collect(try #require(config(fake.baseURL).makeProvider()))
        let error = try #require(r.error)
        #expect(error.kind == .http && error.status == 429)
        #expect(error.message.contains("rate_limit_error: slow down"))
        #expect(error.message.contains("retry after 60 s, more than the 3 s retry budget"), "\(error)")
        #expect(fake.requests.count == 1, "no retry was attempted")
        #expect(r.seconds < 2.5, "took \(r.seconds) s")
    }

    @Test func shortRetryAfterIsHonouredWithinTheBudget() async throws {
        let fake = try FakeLLMServer([
            .status(429, headers: ["retry-after-ms": "100"], body: #"{"error": {"message": "slow down"}}"#),
            .status(503, headers: [:], body: #"{"error": {"code": 503, "message": "loading model"}}"#),
            .stream(FakeLLMServer.openAIEvents(["Back [1]."])),
        ])
        defer { fake.stop() }
        let r = await Self.collect(try #require(config(fake.baseURL).makeProvider()))
        #expect(r.error == nil && r.text == "Back [1].")
        #expect(fake.requests.count == 3)
    }

    @Test func theRetryBudgetBoundsBackoffInAll() async throws {
        let fake = try FakeLLMServer([.status(503, headers: [:], body: "{}")])
        defer { fake.stop() }
        var c = config(fake.baseURL, retries: 10, budget: 0.3)
        c.retry.initialDelay = 0.2
        let r = await Self.collect(try #require(c.makeProvider()))
        let error = try #require(r.error)
        #expect(error.status == 503 && error.message.contains("retry budget of 0.3 s used up"), "\(error)")
        #expect(fake.requests.count >= 2 && fake.requests.count <= 4, "\(fake.requests.count) requests")
    }

    @Test func deathMidStreamKeepsTheTextAndSaysItWasCut() async throws {
        let fake = try FakeLLMServer([.stream(FakeLLMServer.openAIEvents(["The Jacobian", " relates"], done: false), die: true)])
        defer { fake.stop() }
        let r = await Self.collect(try #require(config(fake.baseURL).makeProvider()))
        let error = try #require(r.error)
        #expect(r.text == "The Jacobian relates")
        #expect(error.kind == .truncated, "\(error)")
    }
}
