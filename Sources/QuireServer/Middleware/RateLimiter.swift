import Foundation

/// Per-client token bucket: `perMinute` tokens, refilled continuously, burst of the same size.
final class RateLimiter: @unchecked Sendable {
    let perMinute: Int
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, updated: Double)] = [:]

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    var enabled: Bool { perMinute > 0 }

    /// nil: allowed. Otherwise the seconds to wait (for `Retry-After`).
    func take(_ client: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Double? {
        guard enabled else { return nil }
        let capacity = Double(perMinute)
        let rate = capacity / 60
        lock.lock()
        defer { lock.unlock() }
        var b = buckets[client] ?? (capacity, now)
        b.tokens = min(capacity, b.tokens + (now - b.updated) * rate)
        b.updated = now
        if b.tokens >= 1 {
            b.tokens -= 1
            buckets[client] = b
            if buckets.count > 50_000 { prune(now: now, rate: rate, capacity: capacity) }
            return nil
        }
        buckets[client] = b
        return (1 - b.tokens) / rate
    }

    /// Drops buckets that have refilled completely (they are equivalent to no bucket).
    private func prune(now: Double, rate: Double, capacity: Double) {
        buckets = buckets.filter { $0.value.tokens + (now - $0.value.updated) * rate < capacity }
    }
}
