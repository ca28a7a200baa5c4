import CZlib
import Foundation

/// zlib, gzip and CRC32 through the system zlib.
public enum Zlib {
    /// CRC-32 (IEEE, as in zlib and gzip).
    public static func crc32(_ data: Data, seed: UInt32 = 0) -> UInt32 {
        data.withUnsafeBytes { raw -> UInt32 in
            guard let base = raw.bindMemory(to: Bytef.self).baseAddress, raw.count > 0 else { return seed }
            var crc = uLong(seed)
            var offset = 0
            while offset < raw.count {
                let n = min(raw.count - offset, Int(UInt32.max >> 1))
                crc = CZlib.crc32(crc, base + offset, uInt(n))
                offset += n
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }

    /// zlib-wrapped deflate (RFC 1950).
    public static func compress(_ data: Data, level: Int32 = 6) -> Data {
        deflate(data, level: level, windowBits: MAX_WBITS)
    }

    /// gzip file format (RFC 1952), what `Content-Encoding: gzip` serves.
    public static func gzip(_ data: Data, level: Int32 = 9) -> Data {
        deflate(data, level: level, windowBits: MAX_WBITS + 16)
    }

    /// Inflates zlib or gzip data. `expectedSize` bounds the output: more, or a stream
    /// error, is reported as corruption rather than trusted.
    public static func decompress(_ data: Data, expectedSize: Int, gzip: Bool = false) throws -> Data {
        guard expectedSize >= 0 else { throw QuireError(.zlib, "negative expected size") }
        var out = Data(count: max(expectedSize, 1))
        var stream = z_stream()
        var status = inflateInit2_(&stream, gzip ? MAX_WBITS + 16 : MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw QuireError(.zlib, "inflateInit failed (\(status))") }
        defer { inflateEnd(&stream) }
        let produced: Int = data.withUnsafeBytes { src -> Int in
            out.withUnsafeMutableBytes { dst -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(dst.count)
                status = inflate(&stream, Z_FINISH)
                return dst.count - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END, produced == expectedSize, stream.avail_in == 0 else {
            throw QuireError(.zlib, "compressed data is corrupt (inflate status \(status), \(produced) of \(expectedSize) bytes)")
        }
        if expectedSize == 0 { return Data() }
        return out
    }

    private static func deflate(_ data: Data, level: Int32, windowBits: Int32) -> Data {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            fatalError("deflateInit2 failed: zlib is unusable")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(data.count))) + 32
        var out = Data(count: bound)
        let written: Int = data.withUnsafeBytes { src -> Int in
            out.withUnsafeMutableBytes { dst -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(dst.count)
                let status = CZlib.deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflate with a deflateBound buffer must finish")
                return dst.count - Int(stream.avail_out)
            }
        }
        out.count = written
        return out
    }
}
