import Foundation

/// The measurements behind `bench/embed.sh` (run through `quire embed --bench`), kept in the
/// library so the CLI stays thin.
public enum EmbeddingBenchmark {
    /// `count` passages of about `tokens` word pieces each ([CLS]/[SEP] included), cut from the
    /// Markdown files under `directory` in path order (front matter and code fences kept: they
    /// are what a book's chunks contain). Cycles through the text if it is short.
    public static func makePassages(fromMarkdownIn directory: URL, count: Int, tokens: Int,
                                    tokenizer: WordPieceTokenizer) throws -> [String] {
        let fm = FileManager.default
        var files: [String] = []
        if let e = fm.enumerator(atPath: directory.path) {
            for case let f as String in e where f.hasSuffix(".md") || f.hasSuffix(".mdx") { files.append(f) }
        }
        files.sort()
        var words: [Substring] = []
        for f in files {
            let text = try String(contentsOf: directory.appendingPathComponent(f), encoding: .utf8)
            words += text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        }
        guard !words.isEmpty else { return [] }
        var passages: [String] = []
        var i = 0
        while passages.count < count {
            var piece: [Substring] = []
            var n = 2
            while n < tokens {
                let w = words[i % words.count]
                let c = tokenizer.tokenCount(String(w)) - 2
                if n + c > tokens && !piece.isEmpty { break }
                piece.append(w)
                n += c
                i += 1
            }
            passages.append(piece.joined(separator: " "))
        }
        return passages
    }

    /// Throughput of `embed` over `passages` in batches of `batch`, latency of `embedQuery` over
    /// `queries` (each repeated), one-thread sgemm GFLOP/s for 256×384·384×1536, and peak RSS.
    public static func run(_ embedder: MiniLMEmbedder, passages: [String], batch: Int, queries: [String],
                           queryRepeats: Int) throws -> [String: Any] {
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        // Warm up (page in the weights, start threads).
        _ = try embedder.embed(Array(passages.prefix(batch)))
        for q in queries.prefix(3) { _ = try embedder.embedQuery(q) }

        let tokens = passages.reduce(0) { $0 + min(embedder.tokenizer.maxSequenceLength, embedder.tokenCount($1)) }
        let start = clock.now
        var i = 0
        while i < passages.count {
            _ = try embedder.embed(Array(passages[i..<min(i + batch, passages.count)]))
            i += batch
        }
        let elapsed = seconds(clock.now - start)

        var latencies: [Double] = []
        for _ in 0..<queryRepeats {
            for q in queries {
                let t0 = clock.now
                _ = try embedder.embedQuery(q)
                latencies.append(seconds(clock.now - t0) * 1000)
            }
        }
        // The same queries on one thread (the server's path when several queries share the cores).
        var oneThread: [Double] = []
        for _ in 0..<queryRepeats {
            for q in queries {
                let t0 = clock.now
                _ = try embedder.embedQueries([q], split: 1)
                oneThread.append(seconds(clock.now - t0) * 1000)
            }
        }
        latencies.sort()
        oneThread.sort()
        func pct(_ p: Double, _ xs: [Double]) -> Double { xs[min(xs.count - 1, Int(Double(xs.count) * p))] }
        func pct(_ p: Double) -> Double { pct(p, latencies) }

        return [
            "engine": "quire (Swift + BLAS)",
            "blas": embedder.blasDescription,
            "threads": embedder.threads,
            "passages": passages.count,
            "batch": batch,
            "mean_tokens": Double(tokens) / Double(max(1, passages.count)),
            "passages_per_s": Double(passages.count) / elapsed,
            "query_p50_ms": pct(0.5),
            "query_p99_ms": pct(0.99),
            "query_p50_ms_1thread": pct(0.5, oneThread),
            "query_p99_ms_1thread": pct(0.99, oneThread),
            "query_precision": embedder.queryPrecision.rawValue,
            "passage_precision": embedder.passagePrecision.rawValue,
            "int8_kernel": Int8Kernels.kernelName,
            "query_tokens_mean": Double(queries.reduce(0) { $0 + embedder.tokenCount($1) }) / Double(max(1, queries.count)),
            "gemm_gflops_1thread": try gemmGFLOPS(),
            "peak_rss_mb": peakRSSMegabytes(),
        ]
    }

    /// One-thread sgemm speed for the FFN shape of a 256-token pass.
    public static func gemmGFLOPS() throws -> Double {
        let blas = try BLASLibrary.shared()
        let m = 256, n = 1536, k = 384
        let a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: n * k)
        var c = [Float](repeating: 0, count: m * n)
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<20 {
            let t0 = clock.now
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        blas.gemm(m: m, n: n, k: k, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: k, transB: true,
                                  c: pc.baseAddress!, ldc: n)
                    }
                }
            }
            let d = clock.now - t0
            best = min(best, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        }
        return 2.0 * Double(m * n * k) / best / 1e9
    }

    /// Peak resident set size of this process (VmHWM), in MB; 0 where unknown.
    public static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kb / 1024
        }
        return 0
    }
}
