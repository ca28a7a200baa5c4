import Foundation
import Synchronization

/// Per-client token bucket: `perMinute` tokens, refilled continuously, burst of the same size.
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    let perMinute: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    var enabled: Bool { perMinute > 0 }

    /// nil: allowed. Otherwise the seconds to wait (for `Retry-After`).
    func take(_ client: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Double? {
        guard enabled else { return nil }
        let capacity = Double(perMinute)
        let rate = capacity / 60
        return buckets.withLock { buckets -> Double? in
            var b = buckets[client] ?? Bucket(tokens: capacity, updated: now)
            b.tokens = min(capacity, b.tokens + (now - b.updated) * rate)
            b.updated = now
            if b.tokens >= 1 {
                b.tokens -= 1
                buckets[client] = b
                // Buckets that have refilled completely are the same as no bucket.
                if buckets.count > 50_000 { buckets = buckets.filter { $0.value.tokens + (now - $0.value.updated) * rate < capacity } }
                return nil
            }
            buckets[client] = b
            return (1 - b.tokens) / rate
        }
    }
}
