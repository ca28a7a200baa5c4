import Foundation
import QuireSupport

/// Quantized vectors by key (`hash(embedded text, model hash)`), kept in one file per model
/// in a cache folder: `vectors-<model hash>.qvc`. Format: magic `QVC1`, u32 dimensions, u32
/// count, then per entry u64 key, f32 scale, `dimensions` int8; CRC-32 of all that last.
/// A missing, damaged or foreign file is an empty cache (never an error).
struct VectorCache {
    static let magic: [UInt8] = Array("QVC1".utf8)
    var dimensions: Int
    var entries: [UInt64: (Float, [Int8])] = [:]

    static func url(in directory: URL, modelHash: String) -> URL {
        let safe = modelHash.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
        return directory.appendingPathComponent("vectors-\(String(safe.prefix(64))).qvc")
    }

    static func load(_ url: URL, dimensions: Int) -> VectorCache {
        var cache = VectorCache(dimensions: dimensions)
        guard let data = try? Data(contentsOf: url), data.count >= 16 else { return cache }
        let bytes = [UInt8](data)
        let body = bytes[0..<bytes.count - 4]
        var tail = ByteReader(Array(bytes[(bytes.count - 4)...]), section: "cache")
        guard let crc = try? tail.u32(), crc == Zlib.crc32(Data(body)) else { return cache }
        var r = ByteReader(Array(body), section: "cache")
        guard (try? r.take(4)).map(Array.init) == magic,
              let dims = try? r.u32(), Int(dims) == dimensions,
              let count = try? r.u32(), Int(count) * (12 + dimensions) == r.remaining else { return cache }
        for _ in 0..<count {
            guard let key = try? r.u64(), let scale = try? r.f32(), let v = try? r.take(dimensions) else { break }
            cache.entries[key] = (scale, v.map { Int8(bitPattern: $0) })
        }
        return cache
    }

    func save(_ url: URL) throws {
        var w = ByteWriter()
        w.raw(Self.magic)
        w.u32(UInt32(dimensions))
        w.u32(UInt32(entries.count))
        for key in entries.keys.sorted() {
            let (scale, v) = entries[key]!
            w.u64(key)
            w.f32(scale)
            w.raw(v.map { UInt8(bitPattern: $0) })
        }
        w.u32(Zlib.crc32(Data(w.bytes)))
        try AtomicFile.write(Data(w.bytes), to: url)
    }
}
