import Dispatch
import Foundation
import QuireSupport

/// all-MiniLM-L6-v2 sentence embeddings (384-d, L2-normalised), computed in-process with the
/// same numbers sentence-transformers produces (cosine ≥ 0.9999, every component within 2e-5).
///
/// Thread-safe: every call allocates its own work buffers; the weights are shared, read-only
/// and memory-mapped.
public final class MiniLMEmbedder: Embedder, @unchecked Sendable {
    /// "all-MiniLM-L6-v2", or "all-MiniLM-L6-v2+int8" when passages are encoded in int8 (the
    /// index records which; queries of either are encoded the same way).
    public var id: String { passagePrecision == .int8 ? "all-MiniLM-L6-v2+int8" : "all-MiniLM-L6-v2" }
    public var vectorVariant: String { passagePrecision == .int8 ? "int8" : "" }
    public let dimensions = MiniLMEncoder.hidden
    /// Fingerprint of the model files, computed at load time in well under a millisecond:
    /// FNV-1a 64 over the safetensors JSON header, the file size, 64 bytes of every 64 KiB of
    /// tensor data, and the whole vocabulary. Any other weights or vocabulary change it.
    public let modelHash: String
    public let tokenizer: WordPieceTokenizer
    public let modelDirectory: URL
    /// Which BLAS multiplies (e.g. "OpenBLAS … core=SkylakeX (OPENBLAS_CORETYPE=SkylakeX set by quire)").
    public let blasDescription: String
    /// Threads a batch is spread over (QUIRE_THREADS, else the number of cores, at most 8).
    public let threads: Int
    /// Most tokens one encoder pass stacks (bounds memory: ~10.5 KB per token and worker; 512
    /// measured no faster and saves ~5 MB per worker).
    public var maxBatchTokens = 1024
    /// How `embedQuery`/`embedQueries` encode: int8 on AVX-512 VNNI unless
    /// `QUIRE_QUERY_PRECISION=fp32` (or the CPU lacks VNNI). `embed` (passages) is always fp32.
    public let queryPrecision: QueryPrecision
    /// How `embed` (passages, `quire build`) encodes: fp32 (the exact vectors) unless asked for
    /// int8 (`quire build --passage-precision int8`) on a CPU that runs the int8 kernels.
    public let passagePrecision: QueryPrecision

    let encoder: MiniLMEncoder

    /// `$QUIRE_MODEL_DIR`, else `models/all-MiniLM-L6-v2` relative to the current directory.
    public static func defaultModelDirectory() -> URL {
        if let dir = ProcessInfo.processInfo.environment["QUIRE_MODEL_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir, isDirectory: true)
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            .appendingPathComponent("models/all-MiniLM-L6-v2", isDirectory: true)
    }

    /// Loads `model.safetensors` and `vocab.txt` from `modelDirectory`.
    /// Throws `QuireError` (`model-missing`, `model-corrupt`, `blas-missing`) saying how to fix it.
    public init(modelDirectory: URL, queryPrecision: QueryPrecision = .resolve(), passagePrecision: QueryPrecision = .fp32) throws {
        self.modelDirectory = modelDirectory
        let weights = modelDirectory.appendingPathComponent("model.safetensors")
        let vocab = modelDirectory.appendingPathComponent("vocab.txt")
        let fm = FileManager.default
        guard fm.fileExists(atPath: weights.path), fm.fileExists(atPath: vocab.path) else {
            throw QuireError(.modelMissing,
                             "no all-MiniLM-L6-v2 model in \(modelDirectory.path) (model.safetensors and vocab.txt); run scripts/fetch-model.sh, or pass --model DIR / set QUIRE_MODEL_DIR")
        }
        tokenizer = try WordPieceTokenizer(vocabularyURL: vocab)
        let file = try SafeTensorsFile(url: weights)
        let blas = try BLASLibrary.shared()
        encoder = try MiniLMEncoder(file: file, blas: blas, quantize: queryPrecision == .int8 || passagePrecision == .int8)
        self.queryPrecision = encoder.int8Layers == nil ? .fp32 : queryPrecision
        self.passagePrecision = encoder.int8Layers == nil ? .fp32 : passagePrecision
        guard encoder.vocabularySize == tokenizer.vocabularySize else {
            throw QuireError(.modelCorrupt,
                             "vocab.txt has \(tokenizer.vocabularySize) tokens but the weights have \(encoder.vocabularySize); run scripts/fetch-model.sh",
                             file: modelDirectory.path)
        }
        blasDescription = blas.description
        let env = ProcessInfo.processInfo.environment["QUIRE_THREADS"].flatMap { Int($0) }
        threads = max(1, min(env ?? ProcessInfo.processInfo.activeProcessorCount, 8))

        var hash = StableHash()
        hash.combine(bytes: file.headerBytes)
        hash.combine(String(file.fileSize))
        file.sampledDataFingerprint(into: &hash)
        if let v = try? Data(contentsOf: vocab) { hash.combine(bytes: v) }
        modelHash = hash.hex
    }

    public func tokenCount(_ text: String) -> Int {
        tokenizer.tokenCount(text)
    }

    /// Embeddings of `texts`, in order. Sequences are packed into passes of at most
    /// `maxBatchTokens` tokens, and passes run on `threads` threads; a single pass (one text, or
    /// a few short ones) instead divides each matrix product among the threads.
    public func embed(_ texts: [String]) throws -> [[Float]] {
        if texts.isEmpty { return [] }
        let ids = tokenize(texts)
        // Pack in order into passes.
        var passes: [[Int]] = []
        var current: [Int] = []
        var tokens = 0
        for (i, s) in ids.enumerated() {
            if !current.isEmpty && tokens + s.count > maxBatchTokens {
                passes.append(current)
                current = []
                tokens = 0
            }
            current.append(i)
            tokens += s.count
        }
        passes.append(current)

        let maxLength = ids.map(\.count).max() ?? 2
        if passes.count == 1 {
            let scratch = MiniLMEncoder.Scratch(rows: tokens, maxLength: maxLength)
            return encoder.encode(ids, scratch: scratch, split: threads, precision: passagePrecision)
        }

        let workers = min(threads, passes.count)
        let results = UnsafeMutablePointer<[Float]>.allocate(capacity: texts.count)
        results.initialize(repeating: [], count: texts.count)
        defer { results.deinitialize(count: texts.count); results.deallocate() }
        let taken = AtomicCounter()
        let rowsNeeded = passes.map { $0.reduce(0) { $0 + ids[$1].count } }.max() ?? 0
        MiniLMEncoder.fork(workers) { _ in
            let scratch = MiniLMEncoder.Scratch(rows: rowsNeeded, maxLength: maxLength)
            while true {
                let p = taken.increment() - 1
                guard p < passes.count else { break }
                let pass = passes[p]
                let vectors = encoder.encode(pass.map { ids[$0] }, scratch: scratch, split: 1, precision: passagePrecision)
                for (k, i) in pass.enumerated() { results[i] = vectors[k] }
            }
        }
        return Array(UnsafeBufferPointer(start: results, count: texts.count))
    }

    /// Embedding of one (short) text, e.g. a search query: one pass, each product divided
    /// among the cores.
    public func embedQuery(_ text: String) throws -> [Float] {
        let ids = tokenizer.encode(text)
        let scratch = MiniLMEncoder.Scratch(rows: ids.count, maxLength: ids.count)
        let split = ids.count >= Self.querySplitThreshold ? defaultQuerySplit : 1
        return encoder.encode([ids], scratch: scratch, split: split, precision: queryPrecision)[0]
    }

    /// Embeddings of several queries in one pass at full matrix width (micro-batching): every
    /// row is quantised and computed on its own, so each vector equals `embedQuery` of its text.
    /// `split`: threads each product is divided among (default: all of `threads`).
    public func embedQueries(_ texts: [String], split: Int? = nil) throws -> [[Float]] {
        if texts.isEmpty { return [] }
        let ids = texts.map(tokenizer.encode)
        let rows = ids.reduce(0) { $0 + $1.count }
        let scratch = MiniLMEncoder.Scratch(rows: rows, maxLength: ids.map(\.count).max() ?? 2)
        return encoder.encode(ids, scratch: scratch, split: max(1, split ?? defaultQuerySplit), precision: queryPrecision)
    }

    /// Threads a lone query's operations are divided among: all of them, except on AMX, where
    /// a whole query takes under a millisecond on one core and dividing it costs more than it
    /// saves (docs/benchmarks.md).
    var defaultQuerySplit: Int { queryPrecision == .int8 && Int8Kernels.amx ? 1 : threads }

    /// Shorter queries run on one thread (forking costs more than it saves).
    static let querySplitThreshold = Int(ProcessInfo.processInfo.environment["QUIRE_QUERY_SPLIT"] ?? "") ?? 1

    private func tokenize(_ texts: [String]) -> [[Int32]] {
        if texts.count < 64 { return texts.map(tokenizer.encode) }
        let out = UnsafeMutablePointer<[Int32]>.allocate(capacity: texts.count)
        out.initialize(repeating: [], count: texts.count)
        defer { out.deinitialize(count: texts.count); out.deallocate() }
        let workers = threads
        MiniLMEncoder.fork(workers) { w in
            var i = w
            while i < texts.count {
                out[i] = tokenizer.encode(texts[i])
                i += workers
            }
        }
        return Array(UnsafeBufferPointer(start: out, count: texts.count))
    }
}
