import Foundation
import Logging
import Synchronization

/// Stops asking a provider that keeps failing, so that answers come from the book at once.
///
/// Closed (normal) → after `failureThreshold` failed answers in a row → open: no request is
/// sent for `coolDown` seconds → half-open: the next answer is a probe (others still go to the
/// book meanwhile) → closed if it succeeds, open again if it fails. Every change of state is
/// logged once; requests in between are not.
public final class CircuitBreaker: Sendable {
    public struct Policy: Sendable, Equatable {
        /// Consecutive failed answers that open the circuit (0 never opens it).
        public var failureThreshold: Int
        /// Seconds the circuit stays open before a probe.
        public var coolDown: Double

        public init(failureThreshold: Int = 3, coolDown: Double = 30) {
            self.failureThreshold = failureThreshold
            self.coolDown = coolDown
        }
    }

    public enum State: String, Sendable, Equatable {
        case closed, open, halfOpen = "half-open"

        /// For a gauge: 0 closed, 1 open, 2 half-open.
        public var gaugeValue: Int { self == .closed ? 0 : self == .open ? 1 : 2 }
    }

    /// What `/api/ready` and `/metrics` show.
    public struct Snapshot: Sendable, Equatable {
        public var state: State
        public var consecutiveFailures: Int
        /// How many times the circuit has opened since the server started.
        public var opened: Int
        /// Seconds until a probe is allowed (open only).
        public var retryInSeconds: Double?
        /// The failure that last opened the circuit.
        public var lastError: String?
    }

    /// Whether a request may go to the provider.
    enum Admission: Equatable {
        case call
        /// The one request that tests a provider after the cool-down.
        case probe
        case reject(retryIn: Double)
    }

    private struct Inner {
        var state = State.closed
        var failures = 0
        var opened = 0
        var openUntil = ContinuousClock.Instant.now
        var probeInFlight = false
        var lastError: String?
    }

    public let policy: Policy
    let provider: String
    let logger: Logger
    private let inner = Mutex(Inner())

    public init(policy: Policy = Policy(), provider: String = "llm", logger: Logger = Logger(label: "quire.llm")) {
        self.policy = policy
        self.provider = provider
        self.logger = logger
    }

    public var snapshot: Snapshot {
        inner.withLock { s in
            let left = s.state == .open ? max(0, ContinuousClock.now.duration(to: s.openUntil).seconds) : nil
            return Snapshot(state: s.state, consecutiveFailures: s.failures, opened: s.opened, retryInSeconds: left, lastError: s.lastError)
        }
    }

    func admit() -> Admission {
        let (admission, change) = inner.withLock { s -> (Admission, String?) in
            switch s.state {
            case .closed:
                return (.call, nil)
            case .open:
                let left = ContinuousClock.now.duration(to: s.openUntil).seconds
                if left > 0 { return (.reject(retryIn: left), nil) }
                s.state = .halfOpen
                s.probeInFlight = true
                return (.probe, "half-open")
            case .halfOpen:
                if s.probeInFlight { return (.reject(retryIn: 0), nil) }
                s.probeInFlight = true
                return (.probe, nil)
            }
        }
        if change != nil {
            logger.notice("llm circuit half-open: probing the provider", metadata: ["provider": "\(provider)"])
        }
        return admission
    }

    /// The provider answered completely (or was streaming when the reader left).
    func succeeded(probe: Bool) {
        let closed = inner.withLock { s -> Bool in
            s.failures = 0
            guard s.state != .closed, probe else { return false }
            s.state = .closed
            s.probeInFlight = false
            return true
        }
        if closed { logger.notice("llm circuit closed: the provider answers again", metadata: ["provider": "\(provider)"]) }
    }

    /// The provider failed (unreachable, timed out, an HTTP error after retries, a cut stream).
    func failed(_ error: Error, probe: Bool) {
        let opened = inner.withLock { s -> Bool in
            s.failures += 1
            if s.state == .halfOpen, probe {
                s.probeInFlight = false
            } else if s.state != .closed || policy.failureThreshold <= 0 || s.failures < policy.failureThreshold {
                return false
            }
            s.state = .open
            s.opened += 1
            s.openUntil = ContinuousClock.now.advanced(by: .milliseconds(Int64(policy.coolDown * 1000)))
            s.lastError = "\(error)"
            return true
        }
        if opened {
            logger.warning("llm circuit open: answering from the book for \(policy.coolDown) s", metadata: [
                "provider": "\(provider)", "failures_in_a_row": "\(snapshot.consecutiveFailures)", "error": "\(error)",
            ])
        }
    }

    /// The reader left before the provider said anything: neither success nor failure.
    func abandoned(probe: Bool) {
        guard probe else { return }
        inner.withLock { s in
            if s.state == .halfOpen { s.probeInFlight = false }
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
