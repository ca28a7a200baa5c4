import Foundation

/// Ids the server hands out (an answer's `answer_id`) that it can later recognise without
/// remembering them: 32 random bits and a 32-bit SipHash-2-4 tag of them under a secret key,
/// as 16 hex digits. Feedback for an id that was never issued is refused; guessing a valid id
/// takes about 2^31 tries (at 60 requests a minute, thousands of years).
public struct IssuedID: Sendable {
    private let k0: UInt64
    private let k1: UInt64

    /// The process's ids: keyed by `QUIRE_FEEDBACK_KEY` (any secret string; give every replica
    /// behind one load balancer the same one) or, without it, by a random key per process.
    public static let process = IssuedID(secret: ProcessInfo.processInfo.environment["QUIRE_FEEDBACK_KEY"])

    /// Keyed by `secret`; nil or empty: a random key.
    public init(secret: String?) {
        if let s = secret, !s.isEmpty {
            var a = StableHash(), b = StableHash()
            a.combine("quire-issued-id-1"); a.combine(s)
            b.combine("quire-issued-id-2"); b.combine(s)
            (k0, k1) = (a.value, b.value)
        } else {
            var g = SystemRandomNumberGenerator()
            (k0, k1) = (g.next(), g.next())
        }
    }

    /// A new id: 16 lowercase hex digits.
    public func issue() -> String {
        var g = SystemRandomNumberGenerator()
        let nonce = UInt32(truncatingIfNeeded: g.next() as UInt64)
        return Self.hex(nonce) + Self.hex(tag(nonce))
    }

    /// True when `id` was made by `issue()` under this key.
    public func isIssued(_ id: String) -> Bool {
        let u = Array(id.utf8)
        guard u.count == 16, u.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }),
              let nonce = UInt32(String(decoding: u[0..<8], as: UTF8.self), radix: 16),
              let t = UInt32(String(decoding: u[8..<16], as: UTF8.self), radix: 16) else { return false }
        return tag(nonce) == t
    }

    private func tag(_ nonce: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: SipHash24.hash(UInt64(nonce), k0: k0, k1: k1))
    }

    private static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }
}

/// SipHash-2-4 of one 64-bit word (a keyed PRF; Aumasson and Bernstein, 2012).
enum SipHash24 {
    static func hash(_ m: UInt64, k0: UInt64, k1: UInt64) -> UInt64 {
        var v0: UInt64 = 0x736f_6d65_7073_6575 ^ k0
        var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ k1
        var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ k0
        var v3: UInt64 = 0x7465_6462_7974_6573 ^ k1
        func rotl(_ x: UInt64, _ b: UInt64) -> UInt64 { (x << b) | (x >> (64 - b)) }
        func round() {
            v0 &+= v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
            v2 &+= v3; v3 = rotl(v3, 16); v3 ^= v2
            v0 &+= v3; v3 = rotl(v3, 21); v3 ^= v0
            v2 &+= v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
        }
        // One 8-byte block, then the final block holding the length (8) in its top byte.
        v3 ^= m; round(); round(); v0 ^= m
        let b: UInt64 = 8 << 56
        v3 ^= b; round(); round(); v0 ^= b
        v2 ^= 0xff
        round(); round(); round(); round()
        return v0 ^ v1 ^ v2 ^ v3
    }
}
