import CBLAS
import Dispatch
import Foundation
import QuireSupport

/// The BERT encoder of all-MiniLM-L6-v2 (6 layers, hidden 384, 12 heads of 32, FFN 1536) over
/// weights memory-mapped from `model.safetensors`, with mean pooling and L2 normalisation.
///
/// Batches are *packed*: the tokens of several sequences are stacked row after row (no padding),
/// every dense layer is one `sgemm` over all rows, and attention runs per sequence over its own
/// rows only. That is what a padded batch with an attention mask computes, without the padded
/// rows' work.
///
/// Resident memory: the dense weights are used in place from the mapping (43 MB). The word
/// embedding table (47 MB) is *not* read through the mapping: touching one row of a mapped file
/// maps the 64 KiB around it ("fault-around"), so a few thousand distinct tokens would make the
/// whole table resident; rows are copied with `pread` instead (~1 µs per token). The Q, K and V
/// weights of a layer are read (also with `pread`, so their mapped pages are never touched) into
/// one [1152 × 384] matrix, so the three projections are a single sgemm.
final class MiniLMEncoder: @unchecked Sendable {
    /// Passes with at most this many rows use the skinny kernel instead of sgemm (QUIRE_SMALL_ROWS).
    static let smallRows = Int(ProcessInfo.processInfo.environment["QUIRE_SMALL_ROWS"] ?? "") ?? 24
    /// Rows per FFN block (QUIRE_FFN_ROWS; default: the whole pass. 256-row blocks, which keep the
    /// 1536-wide activations in L2, measured no faster).
    static let ffnRows = max(1, Int(ProcessInfo.processInfo.environment["QUIRE_FFN_ROWS"] ?? "") ?? 1 << 20)
    static let hidden = 384, heads = 12, headDim = 32, ffn = 1536, layerCount = 6, maxPositions = 512

    struct Layer {
        /// Q, K, V weights stacked [1152 × 384] and their biases [1152] (owned copies).
        var wqkv, bqkv: UnsafeMutablePointer<Float>
        var wo, bo, ln1g, ln1b, wi, bi, wout, bout, ln2g, ln2b: UnsafePointer<Float>
    }

    let file: SafeTensorsFile
    let blas: BLASLibrary
    let vocabularySize: Int
    /// The word embedding table: its byte offset in the file (rows are `pread`), and the mapped
    /// pointer (used only if a read fails).
    let wordOffset: Int
    let word, position, tokenType, embLNg, embLNb: UnsafePointer<Float>
    let layers: [Layer]
    /// The same layers quantised for the int8 query path (nil when the CPU has no VNNI or int8
    /// was not asked for).
    let int8Layers: [Int8Layer]?

    init(file: SafeTensorsFile, blas: BLASLibrary, quantize: Bool = false) throws {
        self.file = file
        self.blas = blas
        let h = Self.hidden
        guard let wordShape = file.tensors["embeddings.word_embeddings.weight"]?.shape, wordShape.count == 2,
              wordShape[1] == h, wordShape[0] > 0 else {
            throw QuireError(.modelCorrupt, "embeddings.word_embeddings.weight is missing or not [vocab, 384]; is this all-MiniLM-L6-v2? Run scripts/fetch-model.sh",
                             file: file.url.path)
        }
        vocabularySize = wordShape[0]
        word = try file.floats("embeddings.word_embeddings.weight", shape: [vocabularySize, h])
        wordOffset = try file.offset(ofFloats: "embeddings.word_embeddings.weight", shape: [vocabularySize, h])
        position = try file.floats("embeddings.position_embeddings.weight", shape: [Self.maxPositions, h])
        tokenType = try file.floats("embeddings.token_type_embeddings.weight", shape: [2, h])
        embLNg = try file.floats("embeddings.LayerNorm.weight", shape: [h])
        embLNb = try file.floats("embeddings.LayerNorm.bias", shape: [h])
        var layers: [Layer] = []
        do {
            for l in 0..<Self.layerCount {
                let p = "encoder.layer.\(l)."
                func w(_ name: String, _ shape: [Int]) throws -> UnsafePointer<Float> { try file.floats(p + name, shape: shape) }
                let wo = try w("attention.output.dense.weight", [h, h]), bo = try w("attention.output.dense.bias", [h])
                let ln1g = try w("attention.output.LayerNorm.weight", [h]), ln1b = try w("attention.output.LayerNorm.bias", [h])
                let wi = try w("intermediate.dense.weight", [Self.ffn, h]), bi = try w("intermediate.dense.bias", [Self.ffn])
                let wout = try w("output.dense.weight", [h, Self.ffn]), bout = try w("output.dense.bias", [h])
                let ln2g = try w("output.LayerNorm.weight", [h]), ln2b = try w("output.LayerNorm.bias", [h])
                let wqkv = UnsafeMutablePointer<Float>.allocate(capacity: 3 * h * h)
                let bqkv = UnsafeMutablePointer<Float>.allocate(capacity: 3 * h)
                // Appended before the reads below can throw, so the catch frees them.
                layers.append(Layer(wqkv: wqkv, bqkv: bqkv, wo: wo, bo: bo, ln1g: ln1g, ln1b: ln1b, wi: wi, bi: bi,
                                    wout: wout, bout: bout, ln2g: ln2g, ln2b: ln2b))
                for (i, name) in ["query", "key", "value"].enumerated() {
                    let weight = "attention.self.\(name).weight"
                    let offset = try file.offset(ofFloats: p + weight, shape: [h, h])
                    if !file.read(at: offset, count: h * h * 4, into: wqkv + i * h * h) {
                        (wqkv + i * h * h).update(from: try w(weight, [h, h]), count: h * h)
                    }
                    (bqkv + i * h).update(from: try w("attention.self.\(name).bias", [h]), count: h)
                }
            }
        } catch {
            for layer in layers { layer.wqkv.deallocate(); layer.bqkv.deallocate() }
            throw error
        }
        self.layers = layers
        int8Layers = quantize && Int8Kernels.available ? layers.map { l in
            Int8Layer(qkv: Int8Matrix(l.wqkv, outDim: 3 * h, inDim: h), wo: Int8Matrix(l.wo, outDim: h, inDim: h),
                      wi: Int8Matrix(l.wi, outDim: Self.ffn, inDim: h), wout: Int8Matrix(l.wout, outDim: h, inDim: Self.ffn))
        } : nil
    }

    deinit {
        for layer in layers { layer.wqkv.deallocate(); layer.bqkv.deallocate() }
        int8Layers?.forEach { $0.deallocate() }
    }

    /// Work buffers for up to `rows` packed tokens (~10.5 KB per row, plus the attention scores).
    final class Scratch {
        let rows: Int
        /// `wide` holds Q|K|V (1152 columns) during attention and the FFN's 1536 columns after.
        let x, wide, ctx, tmp, scores: UnsafeMutablePointer<Float>
        /// int8 path: quantised activations, their per-row scales, the int32 products.
        let q: UnsafeMutablePointer<UInt8>
        let rowScales: UnsafeMutablePointer<Float>
        let acc: UnsafeMutablePointer<Int32>
        init(rows: Int, maxLength: Int) {
            self.rows = rows
            let h = MiniLMEncoder.hidden
            x = .allocate(capacity: rows * h)
            wide = .allocate(capacity: rows * max(3 * h, MiniLMEncoder.ffn))
            ctx = .allocate(capacity: rows * h)
            tmp = .allocate(capacity: rows * h)
            scores = .allocate(capacity: 2 * (maxLength * maxLength + maxLength))
            q = .allocate(capacity: rows * MiniLMEncoder.ffn)
            rowScales = .allocate(capacity: rows)
            acc = .allocate(capacity: rows * MiniLMEncoder.ffn)
        }
        deinit {
            x.deallocate(); wide.deallocate(); ctx.deallocate(); tmp.deallocate(); scores.deallocate()
            q.deallocate(); rowScales.deallocate(); acc.deallocate()
        }
    }

    /// Runs `body(i)` for i in 0..<n, on n threads when n > 1.
    @inline(__always)
    static func fork(_ n: Int, _ body: (Int) -> Void) {
        if n <= 1 {
            body(0)
            return
        }
        // The work items share raw buffers by design (each writes its own part), so `body` is
        // not Sendable; it runs only inside this call (concurrentPerform returns when all are done).
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let shared = body
            DispatchQueue.concurrentPerform(iterations: n) { shared($0) }
        }
    }

    /// out[rows × outDim] (leading dimension ldc) = bias + x[rows × inDim] · Wᵀ, W stored
    /// [outDim × inDim]. With `split` > 1 the output columns are divided among that many threads.
    /// sgemm runs with beta = 1 over rows pre-filled with the bias: that adds the bias for free
    /// and spares OpenBLAS its pass zeroing C (beta = 0).
    private func linear(_ x: UnsafePointer<Float>, rows: Int, inDim: Int, _ w: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>, outDim: Int,
                        _ out: UnsafeMutablePointer<Float>, ldc: Int, split: Int,
                        int8 w8: Int8Matrix? = nil, scratch: Scratch? = nil) {
        if let w8, let scratch {
            w8.apply(x, rows: rows, bias: bias, out, ldo: ldc, split: split, q: scratch.q, rowScales: scratch.rowScales,
                     acc: scratch.acc)
            return
        }
        if rows <= Self.smallRows && Kernels.useAVX2 && inDim % 8 == 0 {
            // A query's few rows: stream the weights once instead of letting sgemm repack them.
            let parts = outDim >= 256 ? split : 1
            let step = (outDim / parts + 15) & ~15
            Self.fork(parts) { part in
                let n0 = part * step
                let n = min(outDim, n0 + step) - n0
                if n > 0 { quire_gemm_nt_small_avx2(x, inDim, w + n0 * inDim, inDim, bias + n0, out + n0, ldc, rows, n, inDim) }
            }
            return
        }
        Kernels.fillRows(out, with: bias, rows: rows, cols: outDim, ld: ldc)
        if split <= 1 {
            blas.gemm(m: rows, n: outDim, k: inDim, a: x, lda: inDim, b: w, ldb: inDim, transB: true, c: out, ldc: ldc,
                      beta: 1)
            return
        }
        let step = (outDim / split + 15) & ~15
        Self.fork(split) { part in
            let n0 = part * step
            let n = min(outDim, n0 + step) - n0
            if n > 0 {
                blas.gemm(m: rows, n: n, k: inDim, a: x, lda: inDim, b: w + n0 * inDim, ldb: inDim, transB: true,
                          c: out + n0, ldc: ldc, beta: 1)
            }
        }
    }

    /// Encodes packed sequences; returns one normalised embedding per sequence.
    /// `split`: threads to divide each operation among (1 when the caller already runs one
    /// encoder per core).
    /// `precision` .int8 runs the four big products in int8 (when `int8Layers` exist).
    func encode(_ sequences: [[Int32]], scratch: Scratch, split: Int, precision: QueryPrecision = .fp32) -> [[Float]] {
        let h = Self.hidden, h3 = 3 * h
        var offsets: [Int] = []
        var rows = 0
        for s in sequences {
            offsets.append(rows)
            rows += s.count
        }
        precondition(rows <= scratch.rows)
        let x = scratch.x, qkv = scratch.wide, ctx = scratch.ctx, tmp = scratch.tmp, inter = scratch.wide

        // Embeddings: word + position + token type 0, LayerNorm.
        for (si, s) in sequences.enumerated() {
            for (i, id) in s.enumerated() {
                let r = offsets[si] + i
                let wid = Int(id) >= 0 && Int(id) < vocabularySize ? Int(id) : Int(WordPieceTokenizer.unknownID)
                let t = tmp + r * h
                if !file.read(at: wordOffset + wid * h * 4, count: h * 4, into: t) {
                    t.update(from: word + wid * h, count: h)
                }
                let prow = position + i * h
                for j in 0..<h { t[j] = t[j] + prow[j] + tokenType[j] }
            }
        }
        Kernels.residualLayerNorm(x: x, y: tmp, gamma: embLNg, beta: embLNb, rows: rows, cols: h, residual: false)

        let scale = 1 / Float(Self.headDim).squareRoot()
        let q8 = precision == .int8 ? int8Layers : nil
        for (li, layer) in layers.enumerated() {
            let l8 = q8?[li]
            // Q, K, V side by side in qkv (row stride 1152), one product.
            linear(x, rows: rows, inDim: h, layer.wqkv, bias: layer.bqkv, outDim: h3, qkv, ldc: h3, split: split,
                   int8: l8?.qkv, scratch: scratch)

            // Attention per sequence and head.
            for (si, s) in sequences.enumerated() {
                let len = s.count
                let base = qkv + offsets[si] * h3
                let threads = min(split, 2)
                let headsPerThread = (Self.heads + threads - 1) / threads
                Self.fork(threads) { part in
                    let scores = scratch.scores + part * (len * len + len)
                    for head in (part * headsPerThread)..<min(Self.heads, (part + 1) * headsPerThread) {
                        let q = base + head * Self.headDim
                        let k = base + h + head * Self.headDim
                        let v = base + 2 * h + head * Self.headDim
                        blas.gemm(m: len, n: len, k: Self.headDim, a: q, lda: h3, b: k, ldb: h3, transB: true,
                                  c: scores, ldc: len, alpha: scale)
                        let inverseSums = scores + len * len
                        Kernels.softmaxRows(scores, rows: len, cols: len, ld: len, inverseSums: inverseSums)
                        let out = ctx + offsets[si] * h + head * Self.headDim
                        blas.gemm(m: len, n: Self.headDim, k: len, a: scores, lda: len, b: v, ldb: h3, transB: false,
                                  c: out, ldc: h)
                        Kernels.scaleRows(out, rows: len, cols: Self.headDim, ld: h, by: inverseSums)
                    }
                }
            }

            linear(ctx, rows: rows, inDim: h, layer.wo, bias: layer.bo, outDim: h, tmp, ldc: h, split: split,
                   int8: l8?.wo, scratch: scratch)
            Kernels.residualLayerNorm(x: x, y: tmp, gamma: layer.ln1g, beta: layer.ln1b, rows: rows, cols: h)
            // The FFN in blocks of rows, so the block's 1536-wide activations stay in L2.
            var r0 = 0
            while r0 < rows {
                let n = min(Self.ffnRows, rows - r0)
                linear(x + r0 * h, rows: n, inDim: h, layer.wi, bias: layer.bi, outDim: Self.ffn, inter, ldc: Self.ffn, split: split,
                       int8: l8?.wi, scratch: scratch)
                Kernels.gelu(inter, count: n * Self.ffn)
                linear(inter, rows: n, inDim: Self.ffn, layer.wout, bias: layer.bout, outDim: h, tmp + r0 * h, ldc: h, split: split,
                       int8: l8?.wout, scratch: scratch)
                r0 += n
            }
            Kernels.residualLayerNorm(x: x, y: tmp, gamma: layer.ln2g, beta: layer.ln2b, rows: rows, cols: h)
        }

        // Mean pooling over each sequence's tokens, then L2 normalisation.
        var result: [[Float]] = []
        result.reserveCapacity(sequences.count)
        for (si, s) in sequences.enumerated() {
            var v = [Float](repeating: 0, count: h)
            let start = offsets[si]
            for r in start..<(start + s.count) {
                let row = x + r * h
                for j in 0..<h { v[j] += row[j] }
            }
            var norm: Float = 0
            for j in 0..<h {
                v[j] /= Float(s.count)
                norm += v[j] * v[j]
            }
            let inv = norm > 0 ? 1 / norm.squareRoot() : 0
            for j in 0..<h { v[j] *= inv }
            result.append(v)
        }
        return result
    }
}
