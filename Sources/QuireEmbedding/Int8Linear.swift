import CBLAS
import Foundation

/// Which arithmetic encodes search queries.
///
/// `int8`: the four big products of every layer (QKV, attention output, both FFN layers) run in
/// int8 with AVX-512 VNNI — weights quantised once at load, symmetric per output channel;
/// activations quantised per token on the fly; LayerNorm, softmax, GELU and residuals stay fp32.
/// `fp32`: the exact path that matches sentence-transformers (passages always use it).
public enum QueryPrecision: String, Sendable, CaseIterable {
    case int8, fp32

    /// `QUIRE_QUERY_PRECISION=fp32|int8` (default int8), capped by the CPU: without AVX-512 VNNI
    /// the fp32 path is used whatever the setting says.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment,
                               cpuHasVNNI: Bool = Int8Kernels.available) -> QueryPrecision {
        let wanted = environment["QUIRE_QUERY_PRECISION"].flatMap { QueryPrecision(rawValue: $0.lowercased()) } ?? .int8
        return wanted == .int8 && cpuHasVNNI ? .int8 : .fp32
    }
}

/// The VNNI kernels of the CBLAS shim (int8.h), and a reference to check them against.
public enum Int8Kernels {
    /// Whether this CPU (and this build) can run the VNNI kernel.
    public static let available: Bool = {
        #if arch(x86_64)
        return quire_have_vnni_kernels() != 0 && quire_cpu_has_avx512_vnni() != 0
        #else
        return false
        #endif
    }()

    /// Whether the int8 products run on AMX tiles (Sapphire Rapids and later, Linux 5.16+):
    /// the same integer results as the VNNI kernel, 16× the multiply-adds per instruction.
    /// `QUIRE_INT8_KERNEL=vnni` keeps the VNNI kernel (for comparisons).
    public static let amx: Bool = {
        #if arch(x86_64)
        guard available, ProcessInfo.processInfo.environment["QUIRE_INT8_KERNEL"]?.lowercased() != "vnni" else { return false }
        return quire_amx_enable() != 0
        #else
        return false
        #endif
    }()

    /// Which kernel the int8 products use: "amx", "vnni" or "none" (fp32 queries).
    public static var kernelName: String { amx ? "amx" : available ? "vnni" : "none" }

    /// Rows quantised per token: (bytes q + 128, scales), by the plain loop or the AVX-512 one
    /// the encoder uses (k % 16 == 0).
    public static func quantizeRows(_ x: [Float], rows: Int, k: Int, vectorized: Bool) -> (bytes: [UInt8], scales: [Float]) {
        var q = [UInt8](repeating: 0, count: rows * k)
        var scales = [Float](repeating: 0, count: rows)
        if vectorized {
            quire_int8_quantize_rows_avx512(x, k, rows, k, &q, &scales)
        } else {
            quire_int8_quantize_rows(x, k, rows, k, &q, &scales)
        }
        return (q, scales)
    }

    /// C [m × n] = A [m × k] (bytes a + 128) · Wᵀ, W [n × k] int8 row-major — the plain loop.
    public static func referenceProduct(a: [UInt8], w: [Int8], m: Int, n: Int, k: Int) -> [Int32] {
        var c = [Int32](repeating: 0, count: m * n)
        quire_int8_gemm_ref(a, w, &c, m, n, k)
        return c
    }

    /// The same product through the packed kernels (n % 16 == 0, k % 4 == 0): VNNI, or AMX with
    /// `amx` (k % 64 == 0), split over column ranges the way the encoder splits it among threads.
    public static func packedProduct(a: [UInt8], w: [Int8], m: Int, n: Int, k: Int, parts: Int = 1, amx: Bool = false) -> [Int32] {
        precondition(n % 16 == 0 && k % 4 == 0)
        var packed = [Int8](repeating: 0, count: n * k)
        quire_int8_pack_weights(w, n, k, &packed)
        var c = [Int32](repeating: 0, count: m * n)
        let step = (n / parts + 15) & ~15
        packed.withUnsafeBufferPointer { p in
            c.withUnsafeMutableBufferPointer { cp in
                for part in 0..<parts {
                    let n0 = part * step, n1 = min(n, n0 + step)
                    guard n1 > n0 else { continue }
                    if amx {
                        precondition(k % 64 == 0 && Self.amx)
                        quire_int8_gemm_amx(a, p.baseAddress, cp.baseAddress! + n0, n, m, k, n0, n1)
                    } else {
                        quire_int8_gemm_vnni(a, p.baseAddress, cp.baseAddress! + n0, n, m, k, n0, n1)
                    }
                }
            }
        }
        return c
    }
}

/// One dense layer's weights quantised for the VNNI kernel: packed int8, a scale per output
/// channel, and the correction 128 · Σ w per output channel.
struct Int8Matrix {
    let outDim, inDim: Int
    let packed: UnsafeMutablePointer<Int8>
    let scales: UnsafeMutablePointer<Float>
    let correction: UnsafeMutablePointer<Int32>

    init(_ weights: UnsafePointer<Float>, outDim: Int, inDim: Int) {
        precondition(outDim % 16 == 0 && inDim % 4 == 0)
        self.outDim = outDim
        self.inDim = inDim
        let raw = UnsafeMutablePointer<Int8>.allocate(capacity: outDim * inDim)
        defer { raw.deallocate() }
        scales = .allocate(capacity: outDim)
        correction = .allocate(capacity: outDim)
        quire_int8_quantize_weights(weights, outDim, inDim, raw, scales, correction)
        packed = UnsafeMutableRawPointer.allocate(byteCount: outDim * inDim, alignment: 64).bindMemory(to: Int8.self, capacity: outDim * inDim)
        quire_int8_pack_weights(raw, outDim, inDim, packed)
    }

    func deallocate() {
        packed.deallocate()
        scales.deallocate()
        correction.deallocate()
    }

    /// out[rows × outDim] (leading dimension ldo) = bias + x[rows × inDim] · Wᵀ in int8, with
    /// the output columns divided among `split` threads. `q`, `rowScales`, `acc` are work buffers
    /// of at least rows × inDim bytes, rows floats and rows × outDim int32.
    func apply(_ x: UnsafePointer<Float>, rows: Int, bias: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
               ldo: Int, split: Int, q: UnsafeMutablePointer<UInt8>, rowScales: UnsafeMutablePointer<Float>,
               acc: UnsafeMutablePointer<Int32>) {
        // apply runs only where the VNNI kernels run (AVX-512), and inDim is 384 or 1536.
        if inDim % 16 == 0 {
            quire_int8_quantize_rows_avx512(x, inDim, rows, inDim, q, rowScales)
        } else {
            quire_int8_quantize_rows(x, inDim, rows, inDim, q, rowScales)
        }
        // On AMX a query's product takes microseconds: dividing it among threads costs more
        // than it saves.
        let useAMX = Int8Kernels.amx && inDim % 64 == 0
        let parts = outDim >= 256 && !useAMX ? max(1, split) : 1
        let step = (outDim / parts + 15) & ~15
        MiniLMEncoder.fork(parts) { part in
            let n0 = part * step
            let n1 = min(outDim, n0 + step)
            guard n1 > n0 else { return }
            if useAMX {
                quire_int8_gemm_amx(q, packed, acc + n0, outDim, rows, inDim, n0, n1)
            } else {
                quire_int8_gemm_vnni(q, packed, acc + n0, outDim, rows, inDim, n0, n1)
            }
            quire_int8_dequantize(acc + n0, outDim, correction, rowScales, scales, bias, out + n0, ldo, rows, n0, n1)
        }
    }
}

/// The int8 weights of one encoder layer.
struct Int8Layer {
    let qkv, wo, wi, wout: Int8Matrix

    func deallocate() {
        qkv.deallocate(); wo.deallocate(); wi.deallocate(); wout.deallocate()
    }
}
