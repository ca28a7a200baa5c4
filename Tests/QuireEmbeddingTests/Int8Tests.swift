import Foundation
import QuireEmbedding
import Testing

/// An int8-query embedder for the run (the shared one in Support.swift is fp32).
let sharedInt8Embedder: Result<MiniLMEmbedder, Error> = Result {
    try MiniLMEmbedder(modelDirectory: modelDirectory(), queryPrecision: .int8)
}

@Suite struct Int8Tests {
    /// Deterministic pseudo-random bytes (SplitMix64), so a failure reproduces.
    struct Rand {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The VNNI kernel equals the plain integer loop exactly, on shapes that exercise every
    /// tile (4×64, 1×64, 4×16, 1×16 remainders), the encoder's own shapes, extreme values
    /// (255 × −128 products) and a split over column ranges.
    @Test(.enabled(if: Int8Kernels.available, "this CPU has no AVX-512 VNNI; the fp32 path is used"),
          arguments: [(1, 16, 4), (3, 48, 8), (5, 80, 12), (7, 1152, 384), (21, 384, 384), (21, 1536, 384),
                      (21, 384, 1536), (64, 128, 64), (9, 208, 36)])
    func kernelMatchesReference(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var rng = Rand(state: UInt64(m * 1_000_003 + n * 1_009 + k))
        var a = (0..<(m * k)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var w = (0..<(n * k)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
        // Extremes in the first row/column.
        for j in 0..<k { a[j] = 255; w[j] = -128 }
        let expected = Int8Kernels.referenceProduct(a: a, w: w, m: m, n: n, k: k)
        #expect(Int8Kernels.packedProduct(a: a, w: w, m: m, n: n, k: k) == expected)
        #expect(Int8Kernels.packedProduct(a: a, w: w, m: m, n: n, k: k, parts: 2) == expected)
    }

    /// The AMX kernel equals the plain integer loop exactly: one and two row blocks, partial
    /// blocks (1, 7, 22, 45 rows), odd and even column-block counts, a column split, extremes.
    @Test(.enabled(if: Int8Kernels.amx, "this CPU or kernel has no AMX-INT8; the VNNI kernel is used"),
          arguments: [(1, 16, 64), (7, 1152, 384), (16, 48, 128), (22, 384, 384), (22, 1536, 384), (22, 384, 1536),
                      (32, 32, 64), (45, 80, 192), (64, 128, 64), (352, 384, 384)])
    func amxKernelMatchesReference(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var rng = Rand(state: UInt64(m * 7_919 + n * 104_729 + k))
        var a = (0..<(m * k)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var w = (0..<(n * k)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
        for j in 0..<k { a[j] = 255; w[j] = -128 }
        let expected = Int8Kernels.referenceProduct(a: a, w: w, m: m, n: n, k: k)
        #expect(Int8Kernels.packedProduct(a: a, w: w, m: m, n: n, k: k, amx: true) == expected)
        #expect(Int8Kernels.packedProduct(a: a, w: w, m: m, n: n, k: k, parts: 3, amx: true) == expected)
    }

    /// The AVX-512 quantiser gives the scalar loop's bytes and scales exactly: random rows,
    /// a zero row, ties (x · inv = n + 0.5, rounded to even), values at ±max and denormals.
    @Test(.enabled(if: Int8Kernels.available, "this CPU has no AVX-512 VNNI"), arguments: [16, 384, 1536])
    func vectorizedQuantizerMatchesTheLoop(k: Int) {
        var rng = Rand(state: UInt64(k))
        let rows = 7
        var x = (0..<(rows * k)).map { _ in Float(Int64(bitPattern: rng.next()) % 2_000_001) / 1_000_000 * 3 }
        for j in 0..<k { x[k + j] = 0 }  // a zero row
        for j in 0..<k { x[2 * k + j] = j == 0 ? 127 : Float(j % 255) - 127 + 0.5 }  // ties at scale 1
        x[3 * k] = -Float.greatestFiniteMagnitude / 2; x[3 * k + 1] = Float.leastNonzeroMagnitude
        let loop = Int8Kernels.quantizeRows(x, rows: rows, k: k, vectorized: false)
        let avx = Int8Kernels.quantizeRows(x, rows: rows, k: k, vectorized: true)
        #expect(avx.bytes == loop.bytes)
        #expect(avx.scales == loop.scales)
    }

    /// int8 queries stay close to the exact vectors on every golden text (sentence-transformers'
    /// own): the floor is what retrieval tolerates; the measured numbers are printed.
    @Test(.enabled(if: Int8Kernels.available, "this CPU has no AVX-512 VNNI"))
    func goldenCosineFloor() throws {
        let e = try sharedInt8Embedder.get()
        #expect(e.queryPrecision == .int8)
        var worst: Float = 1, total: Float = 0
        let items = Golden.shared.items
        for item in items {
            let v = try e.embedQuery(item.text)
            let c = cosine(v, item.embedding)
            #expect(c >= 0.985, "int8 cosine \(c) for \(item.text.debugDescription)")
            worst = min(worst, c)
            total += c
        }
        print("int8 golden: \(items.count) texts, min cosine \(worst), mean \(total / Float(items.count))")
    }

    /// int8 passages (`quire build --passage-precision int8`) stay close to the exact vectors
    /// on every golden text, and the embedder says so in its id.
    @Test(.enabled(if: Int8Kernels.available, "this CPU has no AVX-512 VNNI"))
    func int8PassagesStayCloseAndAreLabelled() throws {
        let e = try MiniLMEmbedder(modelDirectory: modelDirectory(), queryPrecision: .fp32, passagePrecision: .int8)
        #expect(e.id == "all-MiniLM-L6-v2+int8" && e.vectorVariant == "int8")
        let items = Golden.shared.items
        let vectors = try e.embed(items.map(\.text))
        var worst: Float = 1
        for (item, v) in zip(items, vectors) { worst = min(worst, cosine(v, item.embedding)) }
        #expect(worst >= 0.985, "int8 passage min cosine \(worst)")
        print("int8 passages: \(items.count) golden texts, min cosine \(worst)")
        let exact = try MiniLMEmbedder(modelDirectory: modelDirectory())
        #expect(exact.id == "all-MiniLM-L6-v2" && exact.vectorVariant.isEmpty)
    }

    /// A micro-batch gives, bit for bit, the vectors of one query at a time: every row is
    /// quantised on its own, and attention never crosses sequences.
    @Test(.enabled(if: Int8Kernels.available, "fp32 batches may sum in another order (sgemm vs the skinny kernel)"))
    func batchEqualsOneAtATime() throws {
        let e = try sharedInt8Embedder.get()
        let texts = ["what is inverse kinematics", "how does a PID controller work?",
                     "SLAM", "difference between lidar and a depth camera when the robot moves fast", ""]
        let batch = try e.embedQueries(texts)
        #expect(batch.count == texts.count)
        for (t, v) in zip(texts, batch) {
            #expect(try e.embedQuery(t) == v, "\(t.debugDescription)")
        }
    }

    /// `QUIRE_QUERY_PRECISION=fp32` forces the fp32 path; a CPU without VNNI gets it whatever
    /// the setting; passages are fp32 in both.
    @Test func precisionSwitch() throws {
        #expect(QueryPrecision.resolve(environment: ["QUIRE_QUERY_PRECISION": "fp32"], cpuHasVNNI: true) == .fp32)
        #expect(QueryPrecision.resolve(environment: ["QUIRE_QUERY_PRECISION": "FP32"], cpuHasVNNI: true) == .fp32)
        #expect(QueryPrecision.resolve(environment: [:], cpuHasVNNI: true) == .int8)
        #expect(QueryPrecision.resolve(environment: ["QUIRE_QUERY_PRECISION": "int8"], cpuHasVNNI: false) == .fp32)
        let fp32 = try embedder()
        #expect(fp32.queryPrecision == .fp32)
        let golden = Golden.shared.items[0]
        let exact = try fp32.embedQuery(golden.text)
        #expect(cosine(exact, golden.embedding) >= 0.9999)
        // The int8 embedder's passages are the exact fp32 ones.
        let e = try sharedInt8Embedder.get()
        #expect(try e.embed([golden.text])[0] == (try fp32.embed([golden.text])[0]))
    }
}
