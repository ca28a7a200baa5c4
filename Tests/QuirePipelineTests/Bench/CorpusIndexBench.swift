import Foundation
import QuireEmbedding
@testable import QuireIndex
import QuirePipeline
import Testing

/// Builds a real book's index with MiniLM through `BuildPipeline` (as `quire build` does), for
/// measurements: `QUIRE_INDEX_CORPUS=<docs root> QUIRE_INDEX_OUT=<file.qidx> swift test --filter corpusIndex`.
/// Measurements, not checks of this machine's speed: disabled (shown as skipped) unless the
/// variables are set, and then they still check that the index is complete and readable.
@Test(.enabled(if: ProcessInfo.processInfo.environment["QUIRE_INDEX_CORPUS"] != nil, "set QUIRE_INDEX_CORPUS to measure"))
func corpusIndex() throws {
    let env = ProcessInfo.processInfo.environment
    let out = URL(fileURLWithPath: env["QUIRE_INDEX_OUT"] ?? "/tmp/corpus.qidx")
    let site = FileManager.default.temporaryDirectory.appendingPathComponent("quire-bench-\(UUID().uuidString)/site")
    defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
    var options = BuildOptions(content: URL(fileURLWithPath: env["QUIRE_INDEX_CORPUS"]!), output: site)
    options.settings = .value(.init())
    options.templates = repositoryRoot.appendingPathComponent("templates")
    options.links = .warn
    options.previousIndex = out
    if let t = env["QUIRE_INDEX_TARGET"].flatMap(Int.init) { options.chunker.targetTokens = t }
    let report = try BuildPipeline(options: options).run()
    let stats = try #require(report.index)
    let written = site.appendingPathComponent("index.qidx")
    let contents = try IndexReader.read(contentsOf: written)
    #expect(stats.chunks > 0 && stats.embedded + stats.reused <= stats.chunks)
    #expect(contents.chunks.count == stats.chunks && contents.pages.count == stats.pages)
    _ = try? FileManager.default.removeItem(at: out)
    try FileManager.default.copyItem(at: written, to: out)
    print("BENCH pages \(stats.pages) chunks \(stats.chunks) embedded \(stats.embedded) bytes \(stats.bytes) seconds \(stats.seconds)")
}

/// The repository (templates/ for the pipeline).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Retrieval quality of an index built by `corpusIndex` (or `quire build`) for each ranking:
/// `QUIRE_INDEX_OUT=<file.qidx> QUIRE_EVAL_QUESTIONS=<questions.jsonl> swift test --filter corpusEval`.
@Test(.enabled(if: ProcessInfo.processInfo.environment["QUIRE_EVAL_QUESTIONS"] != nil, "set QUIRE_EVAL_QUESTIONS to measure"))
func corpusEval() throws {
    let env = ProcessInfo.processInfo.environment
    let url = URL(fileURLWithPath: env["QUIRE_INDEX_OUT"] ?? "/tmp/corpus.qidx")
    let embedder = try MiniLMEmbedder(modelDirectory: MiniLMEmbedder.defaultModelDirectory())
    let index = try SearchIndex(contentsOf: url, expectedModelHash: embedder.modelHash)
    let questions = try RetrievalEval.loadQuestions(URL(fileURLWithPath: env["QUIRE_EVAL_QUESTIONS"]!))
    var cache: [String: [Float]] = [:]
    for q in questions { cache[q.question] = try embedder.embedQuery(q.question) }
    func run(_ name: String, _ o: RetrievalOptions) throws {
        let r = try RetrievalEval.run(index: index, questions: questions, options: o) { cache[$0]! }
        #expect(r.questions == questions.count && (0...1).contains(r.recallAt1) && r.recallAt1 <= r.recallAt5 && r.recallAt5 <= r.recallAt10)
        print(String(format: "EVAL %-28@ r@1 %.3f r@5 %.3f r@10 %.3f mrr %.3f", name as NSString, r.recallAt1, r.recallAt5, r.recallAt10, r.mrrAt10))
        if env["QUIRE_EVAL_MISSES"] != nil, name == "mix w0.6" {
            for m in r.misses { print("MISS \(m.id) \(m.rank.map(String.init) ?? "-") \(m.question) -> \(m.top)") }
        }
    }
    try run("bm25", RetrievalOptions(fusion: .bm25))
    try run("dense", RetrievalOptions(fusion: .dense))
    try run("dense no-rescore", RetrievalOptions(fusion: .dense, rescore: false))
    for k in [10.0, 30, 60] { try run("rrf k\(Int(k))", RetrievalOptions(fusion: .rrf, rrfK: k)) }
    for w in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8] { try run("mix w\(w)", RetrievalOptions(fusion: .mix, denseWeight: w)) }
    for (hw, tw) in [(0.0, 0.0), (1.0, 0.5), (2.0, 1.0), (3.0, 2.0)] as [(Float, Float)] {
        try run("bm25 h\(hw) t\(tw)", RetrievalOptions(fusion: .bm25, bm25: BM25Parameters(headingWeight: hw, titleWeight: tw)))
        try run("mix0.6 h\(hw) t\(tw)", RetrievalOptions(fusion: .mix, denseWeight: 0.6, bm25: BM25Parameters(headingWeight: hw, titleWeight: tw)))
    }
}

/// Search latency, query embedding included, on the index at QUIRE_INDEX_OUT and on the same
/// chunks repeated to `QUIRE_LATENCY_CHUNKS` (default 10,000). Build in release for real numbers:
/// `QUIRE_LATENCY=1 swift test -c release -Xswiftc -enable-testing --filter searchLatency`.
@Test(.enabled(if: ProcessInfo.processInfo.environment["QUIRE_LATENCY"] != nil, "set QUIRE_LATENCY to measure"))
func searchLatency() throws {
    let env = ProcessInfo.processInfo.environment
    let url = URL(fileURLWithPath: env["QUIRE_INDEX_OUT"] ?? "/tmp/corpus.qidx")
    let embedder = try MiniLMEmbedder(modelDirectory: MiniLMEmbedder.defaultModelDirectory())
    let base = try IndexReader.read(contentsOf: url)
    let target = env["QUIRE_LATENCY_CHUNKS"].flatMap(Int.init) ?? 10_000
    var pages: [IndexedPage] = []
    var chunks: [Chunk] = []
    var vectors = QuantizedVectors(dimensions: base.vectors.dimensions)
    var copy = 0
    while chunks.count < target {
        for (i, c) in base.chunks.enumerated() where chunks.count < target {
            var c2 = c
            c2.page = c.page + copy * base.pages.count
            chunks.append(c2)
            let (s, v) = base.vectors.quantized(i)
            vectors.append(scale: s, values: v)
        }
        pages += base.pages.map { var p = $0; p.source = "copy\(copy)/" + p.source; return p }
        copy += 1
    }
    let lexical = LexicalIndex.build(chunks: chunks, pages: pages)
    var meta = base.metadata
    meta.pageCount = pages.count; meta.chunkCount = chunks.count; meta.termCount = lexical.terms.count; meta.postingCount = lexical.postingCount
    let big = IndexContents(metadata: meta, pages: pages, chunks: chunks, vectors: vectors, lexical: lexical)
    let data = IndexWriter(contents: big).data()
    var t0 = Date()
    let reread = try IndexReader.parse(data)
    #expect(reread.chunks.count == chunks.count && reread.pages.count == pages.count)
    let loadMs = Date().timeIntervalSince(t0) * 1000
    let queries = ["how do I start several nodes at once", "difference between topics and services", "what is a URDF file",
                   "simulate a lidar in gazebo", "humanoid balance control", "sensor fusion kalman filter", "isaac sim synthetic data",
                   "vision language action models", "ROS 2 quality of service", "inverse kinematics of a robot arm"]
    for (name, contents) in [("book", base), ("\(chunks.count) chunks", reread)] {
        let index = SearchIndex(contents: contents)
        for q in queries {
            let warm = index.search(q, queryVector: try embedder.embedQuery(q), k: 5, collapsePages: false)
            #expect(warm.count == 5, "\(name): \(q) found \(warm.count) results")
        }
        var total: [Double] = [], searchOnly: [Double] = []
        for round in 0..<20 {
            for q in queries {
                let query = round == 0 ? q : q + " \(round)"
                t0 = Date()
                let v = try embedder.embedQuery(query)
                let t1 = Date()
                _ = index.search(query, queryVector: v, k: 5, collapsePages: false)
                total.append(Date().timeIntervalSince(t0) * 1000)
                searchOnly.append(Date().timeIntervalSince(t1) * 1000)
            }
        }
        total.sort(); searchOnly.sort()
        func pct(_ a: [Double], _ p: Double) -> Double { a[min(a.count - 1, Int(Double(a.count) * p))] }
        print(String(format: "LATENCY %@: with embedding p50 %.2f ms p99 %.2f ms; search only p50 %.2f ms p99 %.2f ms",
                     name, pct(total, 0.5), pct(total, 0.99), pct(searchOnly, 0.5), pct(searchOnly, 0.99)))
    }
    print(String(format: "LATENCY %d-chunk index: %d bytes (%.0f per chunk), parse+validate %.0f ms", chunks.count, data.count,
                 Double(data.count) / Double(chunks.count), loadMs))
}
