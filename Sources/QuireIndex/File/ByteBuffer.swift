import Foundation
import QuireSupport

/// Little-endian writer for index sections.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func f32(_ v: Float) { u32(v.bitPattern) }

    /// Unsigned LEB128.
    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func varint(_ v: Int) {
        precondition(v >= 0)
        varint(UInt64(v))
    }

    /// varint byte length, then UTF-8.
    mutating func string(_ s: String) {
        varint(s.utf8.count)
        bytes.append(contentsOf: s.utf8)
    }

    mutating func raw<C: Collection>(_ b: C) where C.Element == UInt8 { bytes.append(contentsOf: b) }
}

/// Bounds-checked little-endian reader. Every read throws `index-corrupt` instead of reading
/// past the end; nothing it returns is trusted by callers without a range check.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int
    let end: Int
    let section: String

    init(_ bytes: [UInt8], section: String) {
        self.bytes = bytes
        self.offset = 0
        self.end = bytes.count
        self.section = section
    }

    var isAtEnd: Bool { offset >= end }
    var remaining: Int { end - offset }

    func corrupt(_ what: String) -> QuireError {
        QuireError(.indexCorrupt, "index section \(section) is corrupt: \(what) (at byte \(offset)); rebuild the index with `quire build`")
    }

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= remaining else { throw corrupt("needs \(n) bytes, \(remaining) left") }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    mutating func u8() throws -> UInt8 { try take(1).first! }

    mutating func u32() throws -> UInt32 {
        let s = try take(4)
        var v: UInt32 = 0
        for (i, b) in s.enumerated() { v |= UInt32(b) << (8 * UInt32(i)) }
        return v
    }

    mutating func u64() throws -> UInt64 {
        let s = try take(8)
        var v: UInt64 = 0
        for (i, b) in s.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }

    mutating func f32() throws -> Float { Float(bitPattern: try u32()) }

    mutating func varint64() throws -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw corrupt("varint runs past the end") }
            let b = bytes[offset]
            offset += 1
            if shift == 63, b > 1 { throw corrupt("varint overflows 64 bits") }
            v |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return v }
            shift += 7
            if shift > 63 { throw corrupt("varint longer than 10 bytes") }
        }
    }

    /// A varint that must be ≤ `limit`.
    mutating func varint(max limit: Int) throws -> Int {
        let v = try varint64()
        guard v <= UInt64(limit) else { throw corrupt("value \(v) exceeds \(limit)") }
        return Int(v)
    }

    mutating func string(maxBytes: Int = 1 << 24) throws -> String {
        let n = try varint(max: min(maxBytes, remaining))
        let s = try take(n)
        guard let str = String(validating: s, as: UTF8.self) else { throw corrupt("invalid UTF-8") }
        return str
    }
}
