import Foundation
@testable import QuireAnswer
import Testing

/// The circuit opening after repeated failures, rejecting at once while open, probing once
/// after the cool-down, and closing when the provider answers again: against a fake provider
/// on a real socket that goes down and comes back.
@Suite(.serialized) struct CircuitBreakerTests {
    let failing = FakeLLMServer.Reply.status(500, headers: ["x-should-retry": "false"], body: #"{"error": {"message": "model crashed"}}"#)
    let answering = FakeLLMServer.Reply.stream(FakeLLMServer.openAIEvents(["Back [1]."]))

    /// Cool-downs of seconds, not fractions: the checks between opening and probing must fit
    /// inside one even on a loaded CI machine.
    func provider(_ fake: FakeLLMServer, coolDown: Double = 3) throws -> any LLMProvider {
        let c = LLMConfiguration(kind: .openaiCompatible, baseURL: fake.baseURL + "/v1", model: "fake-model",
                                 retry: RetryPolicy(maxRetries: 0),
                                 limits: LLMLimits(firstToken: 5, total: 10, circuit: .init(failureThreshold: 2, coolDown: coolDown)))
        return try #require(c.makeProvider())
    }

    @Test func opensAfterConsecutiveFailuresThenProbesAndCloses() async throws {
        let fake = try FakeLLMServer([failing])
        defer { fake.stop() }
        let p = try provider(fake)
        let circuit = try #require(p.circuit)
        #expect(circuit.snapshot.state == .closed)

        #expect(await ProviderFailureTests.collect(p).error?.status == 500)
        #expect(circuit.snapshot.state == .closed && circuit.snapshot.consecutiveFailures == 1)
        #expect(await ProviderFailureTests.collect(p).error?.status == 500)
        #expect(circuit.snapshot.state == .open && circuit.snapshot.opened == 1)
        #expect(circuit.snapshot.lastError?.contains("model crashed") == true)

        // Open: answered at once, the provider is not asked.
        let rejected = await ProviderFailureTests.collect(p)
        #expect(rejected.error?.kind == .unavailable)
        #expect(rejected.error?.message.contains("circuit open") == true, "\(String(describing: rejected.error))")
        #expect(fake.requests.count == 2)

        // After the cool-down the provider is back: one probe closes the circuit.
        fake.reply([answering])
        try await Task.sleep(for: .milliseconds(3200))
        let probe = await ProviderFailureTests.collect(p)
        #expect(probe.error == nil && probe.text == "Back [1].")
        #expect(circuit.snapshot.state == .closed && circuit.snapshot.consecutiveFailures == 0)
        #expect(fake.requests.count == 3)
        #expect(await ProviderFailureTests.collect(p).error == nil)
    }

    @Test func aFailedProbeOpensTheCircuitAgain() async throws {
        let fake = try FakeLLMServer([failing])
        defer { fake.stop() }
        let p = try provider(fake, coolDown: 3)
        let circuit = try #require(p.circuit)
        _ = await ProviderFailureTests.collect(p)
        _ = await ProviderFailureTests.collect(p)
        #expect(circuit.snapshot.state == .open)
        try await Task.sleep(for: .milliseconds(3200))
        #expect(await ProviderFailureTests.collect(p).error?.status == 500)
        #expect(circuit.snapshot.state == .open && circuit.snapshot.opened == 2)
        #expect(fake.requests.count == 3)
        #expect(await ProviderFailureTests.collect(p).error?.kind == .unavailable)
    }

    @Test func onlyOneProbeAtATime() {
        let breaker = CircuitBreaker(policy: .init(failureThreshold: 1, coolDown: 0))
        breaker.failed(LLMError(.network, "down"), probe: false)
        #expect(breaker.snapshot.state == .open)
        #expect(breaker.admit() == .probe)
        #expect(breaker.snapshot.state == .halfOpen)
        if case .reject = breaker.admit() {} else { Issue.record("a second request during the probe must not reach the provider") }
        // A probe the reader abandoned frees the slot for the next request.
        breaker.abandoned(probe: true)
        #expect(breaker.admit() == .probe)
        breaker.succeeded(probe: true)
        #expect(breaker.snapshot.state == .closed)
        #expect(breaker.admit() == .call)
    }

    @Test func aThresholdOfZeroNeverOpens() {
        let breaker = CircuitBreaker(policy: .init(failureThreshold: 0, coolDown: 30))
        for _ in 0..<10 { breaker.failed(LLMError(.network, "down"), probe: false) }
        #expect(breaker.snapshot.state == .closed && breaker.admit() == .call)
    }
}
