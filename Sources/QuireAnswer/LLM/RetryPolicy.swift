import Foundation

/// Retries as the official OpenAI and Anthropic SDKs do: 408, 409, 429 and 5xx (and
/// connection errors) are retried up to `maxRetries` times, honouring `x-should-retry`,
/// `retry-after-ms` and `retry-after` (seconds or an HTTP date, when between 0 and 60 s),
/// otherwise exponential backoff from `initialDelay` to `maxDelay` with up to 25% jitter.
/// A 429 whose body says the quota is exhausted is not retried.
///
/// Unlike the SDKs, the waiting is bounded: `budget` seconds in all before the first word of
/// the answer (`StreamingClient`), since the book's own answer is ready meanwhile.
public struct RetryPolicy: Sendable, Equatable {
    public var maxRetries: Int
    public var initialDelay: Double
    public var maxDelay: Double
    /// Seconds of waiting between attempts, in all.
    public var budget: Double

    public init(maxRetries: Int = 2, initialDelay: Double = 0.5, maxDelay: Double = 8, budget: Double = 3) {
        self.maxRetries = maxRetries
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.budget = budget
    }

    public static func isRetryable(status: Int, shouldRetryHeader: String?, body: String) -> Bool {
        if let h = shouldRetryHeader?.lowercased() {
            if h == "true" { return true }
            if h == "false" { return false }
        }
        if status == 429, isQuotaError(body) { return false }
        return status == 408 || status == 409 || status == 429 || status >= 500
    }

    public static func isQuotaError(_ body: String) -> Bool {
        body.contains("insufficient_quota") || body.contains("billing_hard_limit")
    }

    /// Seconds to wait before retry number `attempt` (0-based).
    public func delay(attempt: Int, retryAfterMs: String?, retryAfter: String?, now: Date = Date()) -> Double {
        if let s = retryAfterMs, let ms = Double(s.trimmingCharacters(in: .whitespaces)), ms > 0, ms <= 60_000 {
            return ms / 1000
        }
        if let s = retryAfter?.trimmingCharacters(in: .whitespaces) {
            if let secs = Double(s), secs > 0, secs <= 60 { return secs }
            if let date = Self.httpDate(s) {
                let secs = date.timeIntervalSince(now)
                if secs > 0, secs <= 60 { return secs }
            }
        }
        let base = min(initialDelay * pow(2, Double(attempt)), maxDelay)
        return base * (1 - 0.25 * Double.random(in: 0..<1))
    }

    /// What the provider asked for, in seconds (`retry-after-ms`, else `retry-after` as seconds
    /// or an HTTP date), however long; nil when it asked nothing readable.
    public static func retryAfter(ms: String?, value: String?, now: Date = Date()) -> Double? {
        if let s = ms, let ms = Double(s.trimmingCharacters(in: .whitespaces)), ms >= 0 { return ms / 1000 }
        guard let s = value?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let secs = Double(s), secs >= 0 { return secs }
        return httpDate(s).map { max(0, $0.timeIntervalSince(now)) }
    }

    static func httpDate(_ s: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f.date(from: s)
    }
}
