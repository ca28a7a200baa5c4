/// Byte-level helpers: the renderer works on UTF-8 bytes, never on Characters, for speed.
enum ASCII {
    static let tab: UInt8 = 9, newline: UInt8 = 10, cr: UInt8 = 13, space: UInt8 = 32
    static let bang: UInt8 = 33, quote: UInt8 = 34, hash: UInt8 = 35, dollar: UInt8 = 36
    static let amp: UInt8 = 38, apos: UInt8 = 39, star: UInt8 = 42, dash: UInt8 = 45
    static let slash: UInt8 = 47, colon: UInt8 = 58, lt: UInt8 = 60, equals: UInt8 = 61
    static let gt: UInt8 = 62, lbracket: UInt8 = 91, backslash: UInt8 = 92, rbracket: UInt8 = 93
    static let backtick: UInt8 = 96, lbrace: UInt8 = 123, rbrace: UInt8 = 125, tilde: UInt8 = 126
    static let zero: UInt8 = 48, nine: UInt8 = 57

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == space || b == tab }
    @inline(__always) static func isWhite(_ b: UInt8) -> Bool { b == space || b == tab || b == newline || b == cr }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= zero && b <= nine }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }
}

/// Placeholder characters for inline math (private-use scalars U+E000 / U+E001 around an index).
enum MathMark {
    static let open: [UInt8] = [0xEE, 0x80, 0x80]
    static let close: [UInt8] = [0xEE, 0x80, 0x81]
}

extension Array where Element == UInt8 {
    @inline(__always) mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { self.append(contentsOf: $0) }
    }
    @inline(__always) mutating func append(_ s: String) {
        self.append(contentsOf: s.utf8)
    }
    /// Appends `bytes` escaped for HTML text and attribute values.
    mutating func appendEscaped<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        for b in bytes {
            switch b {
            case ASCII.amp: append("&amp;" as StaticString)
            case ASCII.lt: append("&lt;" as StaticString)
            case ASCII.gt: append("&gt;" as StaticString)
            case ASCII.quote: append("&quot;" as StaticString)
            default: append(b)
            }
        }
    }
    mutating func appendEscaped(_ s: String) { appendEscaped(s.utf8) }
}

extension String {
    init<C: Collection>(bytes: C) where C.Element == UInt8 { self = String(decoding: bytes, as: UTF8.self) }
}

/// Scans `bytes[i...]` in a C string (NUL-terminated) without copying.
@inline(__always) func cLength(_ p: UnsafePointer<CChar>) -> Int { strlen(p) }

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
