import Foundation
import QuireSupport
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A memory-mapped `.safetensors` file: 8-byte little-endian header length N, N bytes of JSON
/// (`name → {dtype, shape, data_offsets: [start, end)}` relative to the end of the header, plus
/// `__metadata__`), then the data.
///
/// Everything is validated before use: header length, JSON shape, dtypes, that byte length =
/// product(shape) × dtype size (without overflow), and that every range lies inside the file.
/// A corrupt or truncated file throws `QuireError` (code `model-corrupt`); it never traps.
/// `@unchecked Sendable` for the read-only mapping's raw pointer; the one mutable part (copies of
/// unaligned tensors) is behind a `Mutex`.
public final class SafeTensorsFile: @unchecked Sendable {
    public struct Tensor: Sendable, Equatable {
        public var dtype: String
        public var shape: [Int]
        /// Absolute byte range in the file.
        public var range: Range<Int>
    }

    public let url: URL
    public let fileSize: Int
    /// The raw JSON header bytes (hashed for `modelHash`).
    public let headerBytes: [UInt8]
    public let tensors: [String: Tensor]
    public let metadata: [String: String]
    private let base: UnsafeRawPointer
    private let mappedLength: Int
    /// Kept open for `read(at:count:into:)`.
    private let fd: Int32
    /// Copies of tensors whose data was not 4-byte aligned in the file (kept alive here).
    private let alignedCopies = Mutex<[String: UnsafeMutableRawPointer]>([:])

    static let dtypeSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
        "U16": 2, "U32": 4, "U64": 8, "F8_E4M3": 1, "F8_E5M2": 1,
    ]

    public init(url: URL) throws {
        self.url = url
        let path = url.path
        func corrupt(_ why: String) -> QuireError {
            QuireError(.modelCorrupt, "\(why); the model file is damaged: run scripts/fetch-model.sh to download it again",
                       file: path)
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw QuireError(.modelMissing, "cannot open the model weights; run scripts/fetch-model.sh to download the model",
                             file: path)
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { close(fd); throw corrupt("cannot stat the file") }
        let size = Int(st.st_size)
        guard size >= 8 else { close(fd); throw corrupt("file is \(size) bytes, too short for a safetensors header") }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != UnsafeMutableRawPointer(bitPattern: -1) else {
            close(fd)
            throw corrupt("cannot memory-map the file")
        }
        self.fd = fd
        let base = UnsafeRawPointer(mapped)
        self.base = base
        self.mappedLength = size
        self.fileSize = size
        // From here on, a thrown error must unmap (deinit does not run for a failed init).
        do {
            var n: UInt64 = 0
            for i in 0..<8 { n |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << (8 * UInt64(i)) }
            guard n >= 2, n <= 100_000_000, n <= UInt64(size - 8) else {
                throw corrupt("header length \(n) does not fit a \(size)-byte file")
            }
            let headerLength = Int(n)
            let header = Array(UnsafeRawBufferPointer(start: base + 8, count: headerLength))
            self.headerBytes = header
            guard let json = try? JSONSerialization.jsonObject(with: Data(header)), let object = json as? [String: Any] else {
                throw corrupt("header is not a JSON object")
            }
            let dataStart = 8 + headerLength
            let dataLength = size - dataStart
            var tensors: [String: Tensor] = [:]
            var metadata: [String: String] = [:]
            for (name, value) in object {
                if name == "__metadata__" {
                    if let m = value as? [String: Any] {
                        for (k, v) in m { metadata[k] = v as? String ?? "\(v)" }
                    }
                    continue
                }
                guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                      let shapeAny = entry["shape"] as? [Any], let offsetsAny = entry["data_offsets"] as? [Any],
                      offsetsAny.count == 2 else {
                    throw corrupt("tensor '\(name)' has no dtype, shape or data_offsets")
                }
                guard let itemSize = Self.dtypeSizes[dtype] else { throw corrupt("tensor '\(name)' has unknown dtype \(dtype)") }
                var shape: [Int] = []
                var count = 1
                for d in shapeAny {
                    guard let dim = Self.integer(d), dim >= 0 else { throw corrupt("tensor '\(name)' has a bad shape") }
                    shape.append(dim)
                    let (product, overflow) = count.multipliedReportingOverflow(by: dim)
                    guard !overflow else { throw corrupt("tensor '\(name)' shape overflows") }
                    count = product
                }
                guard let start = Self.integer(offsetsAny[0]), let end = Self.integer(offsetsAny[1]),
                      start >= 0, end >= start, end <= dataLength else {
                    throw corrupt("tensor '\(name)' data_offsets lie outside the file (truncated?)")
                }
                let (bytes, overflow) = count.multipliedReportingOverflow(by: itemSize)
                guard !overflow, bytes == end - start else {
                    throw corrupt("tensor '\(name)' is \(end - start) bytes but \(dtype) \(shape) needs \(bytes)")
                }
                tensors[name] = Tensor(dtype: dtype, shape: shape, range: (dataStart + start)..<(dataStart + end))
            }
            self.tensors = tensors
            self.metadata = metadata
        } catch {
            munmap(mapped, size)
            close(fd)
            throw error
        }
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
        close(fd)
        alignedCopies.withLock { for (_, p) in $0 { p.deallocate() } }
    }

    private static func integer(_ any: Any) -> Int? {
        if let i = any as? Int { return i }
        if let n = any as? NSNumber {
            let d = n.doubleValue
            guard d.isFinite, d >= 0, d < 9.0e15, d == d.rounded() else { return nil }
            return Int(d)
        }
        return nil
    }

    /// The F32 tensor `name`, checked to have exactly `shape`.
    public func floats(_ name: String, shape: [Int]) throws -> UnsafePointer<Float> {
        try floats(name, shape: shape, mapped: true)!
    }

    private func floats(_ name: String, shape: [Int], mapped: Bool) throws -> UnsafePointer<Float>? {
        guard let t = tensors[name] else {
            throw QuireError(.modelCorrupt, "tensor '\(name)' is missing; is this all-MiniLM-L6-v2? Run scripts/fetch-model.sh",
                             file: url.path)
        }
        guard t.dtype == "F32", t.shape == shape else {
            throw QuireError(.modelCorrupt, "tensor '\(name)' is \(t.dtype) \(t.shape), expected F32 \(shape); run scripts/fetch-model.sh",
                             file: url.path)
        }
        guard mapped else { return nil }
        let p = base + t.range.lowerBound
        if Int(bitPattern: p) % MemoryLayout<Float>.alignment == 0 {
            return p.assumingMemoryBound(to: Float.self)
        }
        // Addresses cross the lock as integers: the pointers are into memory this object owns.
        let source = UInt(bitPattern: p), count = t.range.count
        let address = alignedCopies.withLock { copies -> UInt in
            if let copy = copies[name] { return UInt(bitPattern: copy) }
            let copy = UnsafeMutableRawPointer.allocate(byteCount: max(count, 4), alignment: 64)
            copy.copyMemory(from: UnsafeRawPointer(bitPattern: source)!, byteCount: count)
            copies[name] = copy
            return UInt(bitPattern: copy)
        }
        return UnsafePointer(bitPattern: address)
    }

    /// A cheap fingerprint of the data: 64 bytes every 64 KiB of a 90 MB file. Read with
    /// `pread`, not through the mapping: touching one byte of a mapped page makes the kernel map
    /// the 64 KiB around it too ("fault-around"), so sampling through the mapping would put the
    /// whole file in the process' resident set.
    func sampledDataFingerprint(into hash: inout StableHash) {
        let dataStart = 8 + headerBytes.count
        var offset = dataStart
        var buffer = [UInt8](repeating: 0, count: 64)
        while offset < fileSize {
            let n = min(64, fileSize - offset)
            buffer.withUnsafeMutableBytes { b in
                if !read(at: offset, count: n, into: b.baseAddress!) {
                    // Unreadable (cannot happen for a file we mapped): hash through the mapping.
                    b.baseAddress!.copyMemory(from: base + offset, byteCount: n)
                }
                hash.combine(bytes: UnsafeRawBufferPointer(start: b.baseAddress!, count: n))
            }
            offset += 65_536
        }
    }

    /// Byte offset in the file of the F32 tensor `name`, checked to have exactly `shape` (for
    /// tensors read piecemeal with `read(at:count:into:)` instead of through the mapping).
    public func offset(ofFloats name: String, shape: [Int]) throws -> Int {
        _ = try floats(name, shape: shape, mapped: false)
        return tensors[name]!.range.lowerBound
    }

    /// Copies `count` bytes at absolute file offset `offset` into `buffer` with `pread`: the
    /// pages stay in the page cache, outside the process' resident set. False on a short read.
    @discardableResult
    public func read(at offset: Int, count: Int, into buffer: UnsafeMutableRawPointer) -> Bool {
        var done = 0
        while done < count {
            let n = pread(fd, buffer + done, count - done, off_t(offset + done))
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return false
            }
            done += n
        }
        return true
    }
}
