import Foundation
import Synchronization

/// Wraps a provider with the limits that keep answers fast when the model is down or slow:
/// the circuit breaker, the first-token timeout, the quiet-stream timeout and the total
/// deadline (`LLMLimits`). Connect timeouts and the retry budget live in `StreamingClient`.
///
/// Every failure is an `LLMError`; `AnswerEngine` answers from the book when it sees one.
public struct ResilientProvider: LLMProvider {
    public let inner: any LLMProvider
    public let limits: LLMLimits
    public let breaker: CircuitBreaker

    public init(_ inner: any LLMProvider, limits: LLMLimits, breaker: CircuitBreaker? = nil) {
        self.inner = inner
        self.limits = limits
        self.breaker = breaker ?? CircuitBreaker(policy: limits.circuit, provider: inner.name)
    }

    public var name: String { inner.name }
    public var model: String { inner.model }
    public var circuit: CircuitBreaker? { breaker }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMEvent, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                let probe: Bool
                switch breaker.admit() {
                case .reject(let retryIn):
                    continuation.finish(throwing: Self.unavailable(breaker.snapshot, retryIn: retryIn))
                    return
                case .probe: probe = true
                case .call: probe = false
                }
                let progress = StreamProgress()
                do {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for try await event in inner.stream(request) {
                                progress.mark(event)
                                continuation.yield(event)
                            }
                            try Task.checkCancellation()
                        }
                        group.addTask { try await watch(progress) }
                        try await group.next()
                        group.cancelAll()
                    }
                    breaker.succeeded(probe: probe)
                    continuation.finish()
                } catch {
                    if Task.isCancelled {
                        // The reader left: a provider that was streaming counts as working.
                        if progress.sawText { breaker.succeeded(probe: probe) } else { breaker.abandoned(probe: probe) }
                        continuation.finish(throwing: CancellationError())
                    } else {
                        breaker.failed(error, probe: probe)
                        continuation.finish(throwing: error is LLMError ? error : LLMError(.network, "\(error)"))
                    }
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Throws `LLMError(.timeout)` when the first word, the next word or the end of the
    /// answer is late; runs until cancelled otherwise.
    func watch(_ progress: StreamProgress) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let total = start.advanced(by: .seconds(limits.total))
        while true {
            let (sawText, last) = progress.state
            let quiet = (sawText ? last : start).advanced(by: .seconds(limits.firstToken))
            let deadline = min(total, quiet)
            if clock.now >= deadline {
                if deadline == total {
                    throw LLMError(.timeout, "the answer took longer than the total deadline (\(Self.format(limits.total)) s)")
                }
                throw LLMError(.timeout, sawText
                    ? "the stream went quiet for \(Self.format(limits.firstToken)) s"
                    : "no answer within the first-token timeout (\(Self.format(limits.firstToken)) s)")
            }
            try await Task.sleep(until: deadline, clock: clock)
        }
    }

    static func unavailable(_ s: CircuitBreaker.Snapshot, retryIn: Double) -> LLMError {
        let when = s.state == .open ? "the next try in \(Int(retryIn.rounded(.up))) s" : "a probe request is testing it"
        return LLMError(.unavailable, "the model is unavailable after \(s.consecutiveFailures) failed answers in a row (circuit \(s.state.rawValue), \(when))")
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// When the provider last sent something, and whether any text came yet.
final class StreamProgress: Sendable {
    private let inner = Mutex((sawText: false, last: ContinuousClock.now))

    var state: (sawText: Bool, last: ContinuousClock.Instant) { inner.withLock { $0 } }
    var sawText: Bool { inner.withLock { $0.sawText } }

    func mark(_ event: LLMEvent) {
        inner.withLock { s in
            if case .text = event { s.sawText = true }
            s.last = .now
        }
    }
}
