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
final class MiniLMEncoder: @unchecked Sendable {
    /// Passes with at most this many rows use the skinny kernel instead of sgemm (QUIRE_SMALL_ROWS).
    static let smallRows = Int(ProcessInfo.processInfo.environment["QUIRE_SMALL_ROWS"] ?? "") ?? 24
    static let hidden = 384, heads = 12, headDim = 32, ffn = 1536, layerCount = 6, maxPositions = 512

    struct Layer {
        var wq, bq, wk, bk, wv, bv, wo, bo, ln1g, ln1b, wi, bi, wout, bout, ln2g, ln2b: UnsafePointer<Float>
    }

    let file: SafeTensorsFile
    let blas: BLASLibrary
    let vocabularySize: Int
    let word, position, tokenType, embLNg, embLNb: UnsafePointer<Float>
    let layers: [Layer]

    init(file: SafeTensorsFile, blas: BLASLibrary) throws {
        self.file = file
        self.blas = blas
        let h = Self.hidden
        guard let wordShape = file.tensors["embeddings.word_embeddings.weight"]?.shape, wordShape.count == 2,
              wordShape[1] == h, wordShape[0] > 0 else {
            throw QuireError("model-corrupt", "embeddings.word_embeddings.weight is missing or not [vocab, 384]; is this all-MiniLM-L6-v2? Run scripts/fetch-model.sh",
                             file: file.url.path)
        }
        vocabularySize = wordShape[0]
        word = try file.floats("embeddings.word_embeddings.weight", shape: [vocabularySize, h])
        position = try file.floats("embeddings.position_embeddings.weight", shape: [Self.maxPositions, h])
        tokenType = try file.floats("embeddings.token_type_embeddings.weight", shape: [2, h])
        embLNg = try file.floats("embeddings.LayerNorm.weight", shape: [h])
        embLNb = try file.floats("embeddings.LayerNorm.bias", shape: [h])
        var layers: [Layer] = []
        for l in 0..<Self.layerCount {
            let p = "encoder.layer.\(l)."
            func w(_ name: String, _ shape: [Int]) throws -> UnsafePointer<Float> { try file.floats(p + name, shape: shape) }
            layers.append(Layer(
                wq: try w("attention.self.query.weight", [h, h]), bq: try w("attention.self.query.bias", [h]),
                wk: try w("attention.self.key.weight", [h, h]), bk: try w("attention.self.key.bias", [h]),
                wv: try w("attention.self.value.weight", [h, h]), bv: try w("attention.self.value.bias", [h]),
                wo: try w("attention.output.dense.weight", [h, h]), bo: try w("attention.output.dense.bias", [h]),
                ln1g: try w("attention.output.LayerNorm.weight", [h]), ln1b: try w("attention.output.LayerNorm.bias", [h]),
                wi: try w("intermediate.dense.weight", [Self.ffn, h]), bi: try w("intermediate.dense.bias", [Self.ffn]),
                wout: try w("output.dense.weight", [h, Self.ffn]), bout: try w("output.dense.bias", [h]),
                ln2g: try w("output.LayerNorm.weight", [h]), ln2b: try w("output.LayerNorm.bias", [h])))
        }
        self.layers = layers
    }

    /// Work buffers for up to `rows` packed tokens.
    final class Scratch {
        let rows: Int
        let x, qkv, ctx, tmp, inter, scores: UnsafeMutablePointer<Float>
        init(rows: Int, maxLength: Int) {
            self.rows = rows
            x = .allocate(capacity: rows * MiniLMEncoder.hidden)
            qkv = .allocate(capacity: rows * MiniLMEncoder.hidden * 3)
            ctx = .allocate(capacity: rows * MiniLMEncoder.hidden)
            tmp = .allocate(capacity: rows * MiniLMEncoder.hidden)
            inter = .allocate(capacity: rows * MiniLMEncoder.ffn)
            scores = .allocate(capacity: 2 * maxLength * maxLength)
        }
        deinit {
            x.deallocate(); qkv.deallocate(); ctx.deallocate(); tmp.deallocate(); inter.deallocate(); scores.deallocate()
        }
    }

    /// Runs `body(i)` for i in 0..<n, on n threads when n > 1.
    @inline(__always)
    static func fork(_ n: Int, _ body: (Int) -> Void) {
        if n <= 1 {
            body(0)
            return
        }
        // The work items share raw buffers by design (each writes its own part).
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: n) { shared.value($0) }
        }
    }

    /// out[rows × outDim] (leading dimension ldc) = x[rows × inDim] · Wᵀ, W stored [outDim × inDim].
    /// With `split` > 1 the output columns are divided among that many threads.
    private func linear(_ x: UnsafePointer<Float>, rows: Int, inDim: Int, _ w: UnsafePointer<Float>, outDim: Int,
                        _ out: UnsafeMutablePointer<Float>, ldc: Int, split: Int) {
        if rows <= Self.smallRows && Kernels.useAVX2 && inDim % 8 == 0 {
            // A query's few rows: stream the weights once instead of letting sgemm repack them.
            let parts = outDim >= 256 ? split : 1
            let step = (outDim / parts + 15) & ~15
            Self.fork(parts) { part in
                let n0 = part * step
                let n = min(outDim, n0 + step) - n0
                if n > 0 { quire_gemm_nt_small_avx2(x, inDim, w + n0 * inDim, inDim, out + n0, ldc, rows, n, inDim) }
            }
            return
        }
        if split <= 1 {
            blas.gemm(m: rows, n: outDim, k: inDim, a: x, lda: inDim, b: w, ldb: inDim, transB: true, c: out, ldc: ldc)
            return
        }
        let step = (outDim / split + 15) & ~15
        Self.fork(split) { part in
            let n0 = part * step
            let n = min(outDim, n0 + step) - n0
            if n > 0 {
                blas.gemm(m: rows, n: n, k: inDim, a: x, lda: inDim, b: w + n0 * inDim, ldb: inDim, transB: true,
                          c: out + n0, ldc: ldc)
            }
        }
    }

    /// Encodes packed sequences; returns one normalised embedding per sequence.
    /// `split`: threads to divide each operation among (1 when the caller already runs one
    /// encoder per core).
    func encode(_ sequences: [[Int32]], scratch: Scratch, split: Int) -> [[Float]] {
        let h = Self.hidden, h3 = 3 * h
        var offsets: [Int] = []
        var rows = 0
        for s in sequences {
            offsets.append(rows)
            rows += s.count
        }
        precondition(rows <= scratch.rows)
        let x = scratch.x, qkv = scratch.qkv, ctx = scratch.ctx, tmp = scratch.tmp, inter = scratch.inter

        // Embeddings: word + position + token type 0, LayerNorm.
        for (si, s) in sequences.enumerated() {
            for (i, id) in s.enumerated() {
                let r = offsets[si] + i
                let wid = Int(id) >= 0 && Int(id) < vocabularySize ? Int(id) : Int(WordPieceTokenizer.unknownID)
                let wrow = word + wid * h, prow = position + i * h
                let t = tmp + r * h
                for j in 0..<h { t[j] = wrow[j] + prow[j] + tokenType[j] }
                Kernels.layerNormRow(src: t, dst: x + r * h, gamma: embLNg, beta: embLNb, cols: h)
            }
        }

        let scale = 1 / Float(Self.headDim).squareRoot()
        for layer in layers {
            // Q, K, V side by side in qkv (row stride 1152).
            linear(x, rows: rows, inDim: h, layer.wq, outDim: h, qkv, ldc: h3, split: split)
            linear(x, rows: rows, inDim: h, layer.wk, outDim: h, qkv + h, ldc: h3, split: split)
            linear(x, rows: rows, inDim: h, layer.wv, outDim: h, qkv + 2 * h, ldc: h3, split: split)
            Kernels.addBias(qkv, bias: layer.bq, rows: rows, cols: h, ld: h3)
            Kernels.addBias(qkv + h, bias: layer.bk, rows: rows, cols: h, ld: h3)
            Kernels.addBias(qkv + 2 * h, bias: layer.bv, rows: rows, cols: h, ld: h3)

            // Attention per sequence and head.
            for (si, s) in sequences.enumerated() {
                let len = s.count
                let base = qkv + offsets[si] * h3
                let threads = min(split, 2)
                let headsPerThread = (Self.heads + threads - 1) / threads
                Self.fork(threads) { part in
                    let scores = scratch.scores + part * len * len
                    for head in (part * headsPerThread)..<min(Self.heads, (part + 1) * headsPerThread) {
                        let q = base + head * Self.headDim
                        let k = base + h + head * Self.headDim
                        let v = base + 2 * h + head * Self.headDim
                        blas.gemm(m: len, n: len, k: Self.headDim, a: q, lda: h3, b: k, ldb: h3, transB: true,
                                  c: scores, ldc: len, alpha: scale)
                        Kernels.softmaxRows(scores, rows: len, cols: len, ld: len)
                        blas.gemm(m: len, n: Self.headDim, k: len, a: scores, lda: len, b: v, ldb: h3, transB: false,
                                  c: ctx + offsets[si] * h + head * Self.headDim, ldc: h)
                    }
                }
            }

            linear(ctx, rows: rows, inDim: h, layer.wo, outDim: h, tmp, ldc: h, split: split)
            Kernels.biasResidualLayerNorm(x: x, y: tmp, bias: layer.bo, gamma: layer.ln1g, beta: layer.ln1b, rows: rows, cols: h)
            linear(x, rows: rows, inDim: h, layer.wi, outDim: Self.ffn, inter, ldc: Self.ffn, split: split)
            Kernels.biasGELU(inter, bias: layer.bi, rows: rows, cols: Self.ffn)
            linear(inter, rows: rows, inDim: Self.ffn, layer.wout, outDim: h, tmp, ldc: h, split: split)
            Kernels.biasResidualLayerNorm(x: x, y: tmp, bias: layer.bout, gamma: layer.ln2g, beta: layer.ln2b, rows: rows, cols: h)
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

struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
