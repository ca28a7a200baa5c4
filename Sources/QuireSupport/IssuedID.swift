import Synchronization

/// Ids the server hands out (an answer's `answer_id`) that it can later recognise without
/// remembering them: 32 random bits and a 32-bit SipHash-2-4 tag of them under a secret key,
/// as 16 hex digits. Feedback for an id that was never issued is refused; guessing a valid id
/// takes about 2^31 tries (at 60 requests a minute, thousands of years).
///
/// The key is `QUIRE_FEEDBACK_KEY` (any string of 16+ characters; set the same value on every
/// replica behind one load balancer) or, without it, random per process.
public enum IssuedID {
    private static let key = Mutex<(UInt64, UInt64)?>(nil)

    /// Sets the key from a secret (replicas that share it recognise each other's ids).
    public static func configure(secret: String?) {
        key.withLock { k in
            if let s = secret, !s.isEmpty {
                var a = StableHash(), b = StableHash()
                a.combine("quire-issued-id-1"); a.combine(s)
                b.combine("quire-issued-id-2"); b.combine(s)
                k = (a.value, b.value)
            } else {
                var g = SystemRandomNumberGenerator()
                k = (g.next(), g.next())
            }
        }
    }

    private static func currentKey() -> (UInt64, UInt64) {
        key.withLock { k in
            if let k { return k }
            var g = SystemRandomNumberGenerator()
            let fresh = (g.next() as UInt64, g.next() as UInt64)
            k = fresh
            return fresh
        }
    }

    /// A new id: 16 lowercase hex digits.
    public static func issue() -> String {
        var g = SystemRandomNumberGenerator()
        let nonce = UInt32(truncatingIfNeeded: g.next() as UInt64)
        return hex(nonce) + hex(tag(nonce))
    }

    /// True when `id` was made by `issue()` under the current key.
    public static func isIssued(_ id: String) -> Bool {
        let u = Array(id.utf8)
        guard u.count == 16, let nonce = UInt32(String(decoding: u[0..<8], as: UTF8.self), radix: 16),
              let t = UInt32(String(decoding: u[8..<16], as: UTF8.self), radix: 16),
              u.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return false }
        return tag(nonce) == t
    }

    private static func tag(_ nonce: UInt32) -> UInt32 {
        let (k0, k1) = currentKey()
        return UInt32(truncatingIfNeeded: SipHash24.hash(UInt64(nonce), k0: k0, k1: k1))
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
