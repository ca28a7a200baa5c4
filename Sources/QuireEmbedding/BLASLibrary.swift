import CBLAS
import Foundation
import QuireSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The BLAS the encoder multiplies with, loaded at run time.
///
/// Why `dlopen` and not a link-time dependency: Debian's OpenBLAS 0.3.21 (a DYNAMIC_ARCH build)
/// picks its kernels once, in a constructor that runs when the library loads, and it does not
/// recognise recent CPUs (upstream #4267): on the 2-core benchmark machine it falls back to
/// generic kernels that run sgemm ~5× slower. It honours `OPENBLAS_CORETYPE`, but only if that
/// is in the environment *before* it loads. So, unless the user set it, Quire reads the CPU's
/// features (`/proc/cpuinfo` flags: AVX-512 F/BW/VL/DQ → `SkylakeX`, AVX2+FMA → `Haswell`,
/// otherwise unset so OpenBLAS detects), sets the variable, then loads the library. OpenBLAS
/// itself re-checks that the forced kernel is supported and falls back if not.
///
/// OpenBLAS' own threads are turned off (`OPENBLAS_NUM_THREADS=1` unless set, and
/// `openblas_set_num_threads(1)`): the encoder runs one gemm per core itself, so the two never
/// fight over the cores.
///
/// `QUIRE_NO_CORETYPE=1` leaves OpenBLAS to detect the CPU itself (to measure the difference).
/// `QUIRE_BLAS=/path/to/libblas.so` picks another library exporting `cblas_sgemm` (BLIS,
/// Accelerate, MKL...). Candidates otherwise: libopenblas, Accelerate (macOS), libblis,
/// libcblas, libblas. Debian's BLIS 0.9.0 (libblis4-serial) ran the encoder's sgemm shapes at
/// about half the speed of OpenBLAS' SkylakeX kernels in back-to-back runs on the benchmark
/// machine, so OpenBLAS stays first; its pthread and OpenMP builds run the same kernels and, being
/// single-threaded here, perform the same.
public struct BLASLibrary: @unchecked Sendable {
    public typealias Sgemm = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
        UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32
    ) -> Void

    public let path: String
    public let sgemm: Sgemm
    /// e.g. "OpenBLAS 0.3.21 SkylakeX (OPENBLAS_CORETYPE=SkylakeX set by quire)".
    public let description: String

    /// Loaded once per process.
    public static func shared() throws -> BLASLibrary {
        try loaded.get()
    }

    private static let loaded: Result<BLASLibrary, QuireError> = Result { try load() }.mapError {
        $0 as? QuireError ?? QuireError(.blas, "\($0)")
    }

    /// The OPENBLAS_CORETYPE Quire would choose for this CPU (nil: let OpenBLAS detect).
    public static func coreTypeForThisCPU() -> String? {
        #if os(Linux) && arch(x86_64)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
        #else
        return nil
        #endif
    }

    private static func load() throws -> BLASLibrary {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String]
        if let chosen = env["QUIRE_BLAS"], !chosen.isEmpty {
            candidates = [chosen]
        } else {
            candidates = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib",
                          "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "/usr/local/opt/openblas/lib/libopenblas.dylib",
                          "/System/Library/Frameworks/Accelerate.framework/Accelerate",
                          "libblis.so.4", "libblis.so", "libcblas.so.3", "libblas.so.3"]
        }
        var note = ""
        if env["QUIRE_NO_CORETYPE"] == "1" {
            note = "OPENBLAS_CORETYPE left to OpenBLAS (QUIRE_NO_CORETYPE=1)"
        } else if env["OPENBLAS_CORETYPE"] == nil {
            if let core = coreTypeForThisCPU() {
                setenv("OPENBLAS_CORETYPE", core, 0)
                note = "OPENBLAS_CORETYPE=\(core) set by quire"
            }
        } else {
            note = "OPENBLAS_CORETYPE=\(env["OPENBLAS_CORETYPE"]!) from the environment"
        }
        if env["OPENBLAS_NUM_THREADS"] == nil { setenv("OPENBLAS_NUM_THREADS", "1", 0) }
        if env["BLIS_NUM_THREADS"] == nil { setenv("BLIS_NUM_THREADS", "1", 0) }

        var errors: [String] = []
        for path in candidates {
            guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
                if let e = dlerror() { errors.append(String(cString: e)) }
                continue
            }
            guard let symbol = dlsym(handle, "cblas_sgemm") else {
                errors.append("\(path): no cblas_sgemm")
                continue
            }
            let sgemm = unsafeBitCast(symbol, to: Sgemm.self)
            typealias SetThreads = @convention(c) (Int32) -> Void
            typealias GetString = @convention(c) () -> UnsafePointer<CChar>?
            var name = path
            if let s = dlsym(handle, "openblas_set_num_threads") {
                unsafeBitCast(s, to: SetThreads.self)(1)
                var parts: [String] = ["OpenBLAS"]
                if let c = dlsym(handle, "openblas_get_config"), let cs = unsafeBitCast(c, to: GetString.self)() {
                    parts = [String(cString: cs)]
                }
                if let c = dlsym(handle, "openblas_get_corename"), let cs = unsafeBitCast(c, to: GetString.self)() {
                    parts.append("core=\(String(cString: cs))")
                }
                if !note.isEmpty { parts.append("(\(note))") }
                name = parts.joined(separator: " ")
            } else if let s = dlsym(handle, "bli_thread_set_num_threads") {
                typealias SetBLIS = @convention(c) (Int) -> Void
                unsafeBitCast(s, to: SetBLIS.self)(1)
                name = "BLIS (\(path))"
            }
            return BLASLibrary(path: path, sgemm: sgemm, description: name)
        }
        throw QuireError(.blasMissing,
                         "no BLAS library with cblas_sgemm found (tried \(candidates.joined(separator: ", "))): "
                             + "install libopenblas0 (apt-get install libopenblas0-pthread) or set QUIRE_BLAS=/path/to/libblas.so"
                             + (errors.isEmpty ? "" : " [\(errors.last!)]"))
    }

    /// C[M×N] = alpha · A[M×K] · op(B) + beta · C, row-major; `transB`: B is stored [N×K].
    @inline(__always)
    func gemm(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
              transB: Bool, c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float = 1, beta: Float = 0) {
        sgemm(Int32(QuireCblasRowMajor.rawValue), Int32(QuireCblasNoTrans.rawValue),
              Int32(transB ? QuireCblasTrans.rawValue : QuireCblasNoTrans.rawValue),
              Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
