/// FNV-1a 64-bit: a fast, stable (across runs and machines) content hash for cache keys
/// and asset file names. Not cryptographic.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine<S: Sequence>(bytes: S) where S.Element == UInt8 {
        var h = value
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        value = h
    }

    public mutating func combine(_ string: String) {
        combine(bytes: string.utf8)
        combine(bytes: [0xff])  // separator so ("ab","c") != ("a","bc")
    }

    public static func hex(_ string: String) -> String {
        var h = StableHash()
        h.combine(string)
        return h.hex
    }

    public static func hex<S: Sequence>(bytes: S) -> String where S.Element == UInt8 {
        var h = StableHash()
        h.combine(bytes: bytes)
        return h.hex
    }

    public var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
