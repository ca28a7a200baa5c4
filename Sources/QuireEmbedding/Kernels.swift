// Element-wise kernels of the encoder, written as branch-free loops over raw pointers so the
// compiler vectorises them (no libm calls inside: exp and erf are polynomial). Softmax, GELU and
// residual + LayerNorm run as C code from the CBLAS shim, AVX-512 or AVX2+FMA, when the CPU has
// it; the Swift loops here are the portable fallback (QUIRE_KERNELS=portable|avx2 to compare).

import CBLAS
import Foundation

/// exp(x) for x ≤ 88, relative error ~2e-7 (Cephes expf polynomial, round-to-nearest by the
/// 1.5·2²³ trick, 2ⁿ built in the exponent bits). Flushes to 0 below −87.
@inline(__always)
func fastExp(_ x0: Float) -> Float {
    let x = max(x0, -87.0 as Float)
    let t = x * 1.442_695_04 + 12_582_912.0
    let n = t - 12_582_912.0
    let ni = Int32(bitPattern: t.bitPattern) &- 0x4B40_0000
    var r = x - n * 0.693_359_375
    r = r - n * -2.121_944_4e-4
    var p: Float = 1.987_569_15e-4
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 1.666_666_55e-1
    p = p * r + 5.000_000_12e-1
    let e = p * (r * r) + r + 1
    let scale = Float(bitPattern: UInt32(bitPattern: (ni &+ 127) &<< 23))
    return e * scale
}

/// erf(x), absolute error ≤ ~2e-7 over all floats: a [13/8] rational approximation on [−4, 4]
/// (the one Eigen and XLA use), ±1 outside.
@inline(__always)
func fastErf(_ x0: Float) -> Float {
    let x = min(max(x0, -4.0 as Float), 4.0 as Float)
    let x2 = x * x
    var p: Float = -2.726_142_3e-10
    p = p * x2 + 2.770_681_4e-08
    p = p * x2 + -2.101_024_0e-06
    p = p * x2 + -5.692_506_4e-05
    p = p * x2 + -7.349_906_3e-04
    p = p * x2 + -2.954_600_0e-03
    p = p * x2 + -1.609_603_3e-02
    p = p * x
    var q: Float = -1.456_607_2e-05
    q = q * x2 + -2.133_740_6e-04
    q = q * x2 + -1.682_827_0e-03
    q = q * x2 + -7.373_329_2e-03
    q = q * x2 + -1.426_473_9e-02
    return p / q
}

enum Kernels {
    /// Which C kernels of shim.h may run: AVX-512, AVX2+FMA, or none (Swift loops).
    /// QUIRE_KERNELS=portable|avx2 caps it (QUIRE_PORTABLE_KERNELS=1 is the same as portable).
    enum Level: Int, Comparable {
        case portable, avx2, avx512
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    static let level: Level = {
        let env = ProcessInfo.processInfo.environment
        var cap = Level.avx512
        if env["QUIRE_PORTABLE_KERNELS"] == "1" || env["QUIRE_KERNELS"] == "portable" { cap = .portable }
        if env["QUIRE_KERNELS"] == "avx2" { cap = .avx2 }
        let cpu: Level = quire_cpu_has_avx512f() != 0 ? .avx512 : quire_cpu_has_avx2_fma() != 0 ? .avx2 : .portable
        return min(cap, cpu)
    }()

    /// Whether the AVX2+FMA kernels (and so the skinny query product) may run.
    static var useAVX2: Bool { level >= .avx2 }

    /// Sum of n floats (8 lanes at a time: the compiler does not reassociate float sums itself).
    @inline(__always)
    static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>()
        var j = 0
        let raw = UnsafeRawPointer(p)
        while j + 8 <= n {
            acc += raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
            j += 8
        }
        var s = acc.sum()
        while j < n { s += p[j]; j += 1 }
        return s
    }

    /// Largest of n ≥ 1 floats.
    @inline(__always)
    static func maximum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>(repeating: -.infinity)
        var j = 0
        let raw = UnsafeRawPointer(p)
        while j + 8 <= n {
            let v = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
            acc.replace(with: v, where: v .> acc)
            j += 8
        }
        var m = acc.max()
        while j < n { m = max(m, p[j]); j += 1 }
        return m
    }

    /// Sum of squared deviations from `mean`.
    @inline(__always)
    static func squaredDeviation(_ p: UnsafePointer<Float>, _ n: Int, mean: Float) -> Float {
        var acc = SIMD8<Float>()
        let m = SIMD8<Float>(repeating: mean)
        var j = 0
        let raw = UnsafeRawPointer(p)
        while j + 8 <= n {
            let d = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self) - m
            acc += d * d
            j += 8
        }
        var s = acc.sum()
        while j < n { let d = p[j] - mean; s += d * d; j += 1 }
        return s
    }

    /// Row-wise softmax of an rows×cols matrix (leading dimension `ld`), in place, but without
    /// the division: row i is left holding exp(s − max) and `inverseSums[i]` = 1 / its sum. The
    /// caller scales the (32-column) product with V instead of the (len-column) scores.
    static func softmaxRows(_ s: UnsafeMutablePointer<Float>, rows: Int, cols: Int, ld: Int,
                            inverseSums: UnsafeMutablePointer<Float>) {
        switch level {
        case .avx512: quire_softmax_rows_avx512(s, rows, cols, ld, inverseSums)
        case .avx2: quire_softmax_rows_avx2(s, rows, cols, ld, inverseSums)
        case .portable:
            for i in 0..<rows {
                let row = s + i * ld
                let m = maximum(row, cols)
                for j in 0..<cols { row[j] = fastExp(row[j] - m) }
                inverseSums[i] = 1 / sum(row, cols)
            }
        }
    }

    /// Row i of the rows×cols matrix m (leading dimension ld) *= factors[i].
    static func scaleRows(_ m: UnsafeMutablePointer<Float>, rows: Int, cols: Int, ld: Int, by factors: UnsafePointer<Float>) {
        for i in 0..<rows {
            let row = m + i * ld, f = factors[i]
            for j in 0..<cols { row[j] *= f }
        }
    }

    /// h = GELU(h) with the exact erf form, for `count` floats.
    static func gelu(_ h: UnsafeMutablePointer<Float>, count: Int) {
        if level == .avx512 && count % 16 == 0 { return quire_gelu_avx512(h, count) }
        if level >= .avx2 && count % 8 == 0 { return quire_gelu_avx2(h, count) }
        let invSqrt2: Float = 0.707_106_781_186_547_5
        for j in 0..<count {
            let z = h[j]
            h[j] = 0.5 * z * (1 + fastErf(z * invSqrt2))
        }
    }

    /// x = LayerNorm(y + x) per row (eps 1e-12), or LayerNorm(y) when `residual` is false;
    /// y is scratch and is overwritten.
    static func residualLayerNorm(x: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>,
                                  gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
                                  rows: Int, cols: Int, residual: Bool = true) {
        if level == .avx512 && cols % 16 == 0 {
            return quire_residual_layernorm_avx512(x, y, gamma, beta, rows, cols, residual ? 1 : 0)
        }
        if level >= .avx2 && cols % 8 == 0 {
            return quire_residual_layernorm_avx2(x, y, gamma, beta, rows, cols, residual ? 1 : 0)
        }
        for r in 0..<rows {
            let xr = x + r * cols, yr = y + r * cols
            if residual { for j in 0..<cols { yr[j] += xr[j] } }
            let mean = sum(yr, cols) / Float(cols)
            let sq = squaredDeviation(yr, cols, mean: mean)
            let inv = 1 / (sq / Float(cols) + 1e-12).squareRoot()
            for j in 0..<cols { xr[j] = (yr[j] - mean) * inv * gamma[j] + beta[j] }
        }
    }

    /// Every row of out (rows × cols, leading dimension ld) = bias.
    static func fillRows(_ out: UnsafeMutablePointer<Float>, with bias: UnsafePointer<Float>, rows: Int, cols: Int, ld: Int) {
        for r in 0..<rows { (out + r * ld).update(from: bias, count: cols) }
    }
}
