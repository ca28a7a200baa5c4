/// Dense vectors stored as int8 with one Float32 scale per vector: `v ≈ scale * q`, where
/// `scale = max|v| / 127`. 384 dims take 388 bytes instead of 1,536.
///
/// Search quantizes the query the same way and takes integer dot products (exact in Int32,
/// which the compiler vectorizes), then re-scores the best candidates with the Float32 query
/// against the dequantized vectors.
public struct QuantizedVectors: Sendable, Equatable {
    public let dimensions: Int
    public private(set) var scales: [Float]
    public private(set) var values: [Int8]

    public var count: Int { scales.count }

    public init(dimensions: Int) {
        self.dimensions = dimensions
        self.scales = []
        self.values = []
    }

    init(dimensions: Int, scales: [Float], values: [Int8]) {
        precondition(values.count == dimensions * scales.count)
        self.dimensions = dimensions
        self.scales = scales
        self.values = values
    }

    /// Quantizes `v` (any length equal to `dimensions`).
    public static func quantize(_ v: [Float]) -> (scale: Float, values: [Int8]) {
        var m: Float = 0
        for x in v where x.isFinite { m = max(m, abs(x)) }
        guard m > 0 else { return (0, [Int8](repeating: 0, count: v.count)) }
        let inv = 127 / m
        let q = v.map { x -> Int8 in
            guard x.isFinite else { return 0 }
            return Int8(max(-127, min(127, (x * inv).rounded())))
        }
        return (m / 127, q)
    }

    public mutating func append(_ v: [Float]) {
        precondition(v.count == dimensions, "vector has \(v.count) dimensions, expected \(dimensions)")
        let (s, q) = Self.quantize(v)
        scales.append(s)
        values.append(contentsOf: q)
    }

    public mutating func append(scale: Float, values q: ArraySlice<Int8>) {
        precondition(q.count == dimensions)
        scales.append(scale)
        values.append(contentsOf: q)
    }

    public func vector(_ i: Int) -> [Float] {
        let s = scales[i]
        return values[i * dimensions..<(i + 1) * dimensions].map { Float($0) * s }
    }

    public func quantized(_ i: Int) -> (scale: Float, values: ArraySlice<Int8>) {
        (scales[i], values[i * dimensions..<(i + 1) * dimensions])
    }

    /// Approximate dot products of `query` with every vector.
    public func dotProducts(_ query: [Float]) -> [Float] {
        precondition(query.count == dimensions)
        let (qs, q) = Self.quantize(query)
        var out = [Float](repeating: 0, count: count)
        let d = dimensions
        q.withUnsafeBufferPointer { qb in
            values.withUnsafeBufferPointer { vb in
                out.withUnsafeMutableBufferPointer { ob in
                    for i in 0..<scales.count {
                        let dot = Self.int8Dot(qb.baseAddress!, vb.baseAddress! + i * d, d)
                        ob[i] = Float(dot) * qs * scales[i]
                    }
                }
            }
        }
        return out
    }

    /// Exact Float32 query against the dequantized vector `i`.
    public func exactDot(_ query: [Float], _ i: Int) -> Float {
        let base = i * dimensions
        var acc = SIMD8<Float>()
        var j = 0
        values.withUnsafeBufferPointer { vb in
            query.withUnsafeBufferPointer { qb in
                while j + 8 <= dimensions {
                    var v = SIMD8<Float>()
                    var w = SIMD8<Float>()
                    for k in 0..<8 {
                        v[k] = Float(vb[base + j + k])
                        w[k] = qb[j + k]
                    }
                    acc += v * w
                    j += 8
                }
            }
        }
        var sum = acc.sum()
        while j < dimensions {
            sum += Float(values[base + j]) * query[j]
            j += 1
        }
        return sum * scales[i]
    }

    @inline(__always)
    static func int8Dot(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, _ n: Int) -> Int32 {
        var j = 0
        var acc = SIMD16<Int32>()
        while j + 16 <= n {
            let x = SIMD16<Int32>(truncatingIfNeeded: UnsafeRawPointer(a + j).loadUnaligned(as: SIMD16<Int8>.self))
            let y = SIMD16<Int32>(truncatingIfNeeded: UnsafeRawPointer(b + j).loadUnaligned(as: SIMD16<Int8>.self))
            acc &+= x &* y
            j += 16
        }
        var sum = acc.wrappedSum()
        while j < n {
            sum &+= Int32(a[j]) &* Int32(b[j])
            j += 1
        }
        return sum
    }
}
