import ArgumentParser
import Foundation
import QuireIndex

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure retrieval on a question set.")
    @Option(help: "Index file.") var index = "dist/index.qidx"
    @Option(help: "Questions, JSON lines.") var questions: String
    @Option(name: .short, help: "Depth.") var k = 10
    @Flag(help: "Print JSON.") var json = false
    @Option(name: .customLong("min-recall1"), help: "Fail (exit 1) when recall@1 is below this floor.") var minRecall1: Double?
    @Option(name: .customLong("min-recall5"), help: "Fail (exit 1) when recall@5 is below this floor.") var minRecall5: Double?
    @Option(name: .customLong("min-mrr"), help: "Fail (exit 1) when MRR@10 is below this floor.") var minMRR: Double?
    // Knobs for measuring and tuning (docs/benchmarks.md); not part of the contract.
    @Option(help: ArgumentHelp("Fusion: mix, rrf, bm25 or dense.", visibility: .hidden)) var fusion: String?
    @Option(name: .customLong("dense-weight"), help: ArgumentHelp("Dense weight for mix.", visibility: .hidden)) var denseWeight: Double?
    @Option(name: .customLong("rrf-k"), help: ArgumentHelp("RRF constant.", visibility: .hidden)) var rrfK: Double?
    @Option(help: ArgumentHelp("Candidates per ranking.", visibility: .hidden)) var candidates: Int?
    @Option(help: ArgumentHelp("BM25 k1.", visibility: .hidden)) var k1: Float?
    @Option(help: ArgumentHelp("BM25 b.", visibility: .hidden)) var b: Float?
    @Option(name: .customLong("heading-weight"), help: ArgumentHelp("BM25 heading weight.", visibility: .hidden)) var headingWeight: Float?
    @Option(name: .customLong("title-weight"), help: ArgumentHelp("BM25 title weight.", visibility: .hidden)) var titleWeight: Float?
    @Flag(name: .customLong("no-rescore"), help: ArgumentHelp("Skip float re-scoring.", visibility: .hidden)) var noRescore = false
    @Flag(help: ArgumentHelp("List questions not answered at rank 1.", visibility: .hidden)) var misses = false
    // Answers (EvalCommand+Answers.swift).
    @Flag(help: "Measure answers instead of retrieval: share answered, share flagged as not covered, first citation on a gold page.")
    var answers = false
    @Option(name: .customLong("min-answered"), help: "With --answers: fail (exit 1) when the share of in-scope questions answered is below this.")
    var minAnswered: Double?
    @Option(name: .customLong("min-flagged"), help: "With --answers: fail (exit 1) when the share of out-of-scope questions flagged is below this.")
    var minFlagged: Double?
    @Option(name: .customLong("min-first-gold"), help: "With --answers: fail (exit 1) when the share whose first citation is on a gold page is below this.")
    var minFirstGold: Double?
    @Option(help: ArgumentHelp("With --answers: write each question's coverage features as JSON lines to this file.", visibility: .hidden))
    var features: String?

    func run() async throws {
        if answers { return try await runAnswers() }
        do {
            let qs = try RetrievalEval.loadQuestions(URL(fileURLWithPath: questions))
            let retriever = try Retriever.forCommand(indexPath: index)
            var o = retriever.index.options
            if let fusion { o.fusion = try FusionMethod.named(fusion) }
            if let denseWeight { o.denseWeight = denseWeight }
            if let rrfK { o.rrfK = rrfK }
            if let candidates { o.candidates = candidates }
            if noRescore { o.rescore = false }
            var p = retriever.index.metadata.bm25
            if let k1 { p.k1 = k1 }
            if let b { p.b = b }
            if let headingWeight { p.headingWeight = headingWeight }
            if let titleWeight { p.titleWeight = titleWeight }
            o.bm25 = p
            // Warm up (first query pays for page faults and lazy initialisation).
            if let first = qs.first { _ = retriever.queryVector(first.question) }
            let report = try RetrievalEval.run(index: retriever.index, questions: qs, k: k, options: o) { question in
                let (vector, reason) = retriever.queryVector(question)
                if let reason, retriever.embedder != nil { warn(reason) }
                return vector ?? []
            }
            if json {
                print(report.json())
            } else {
                print("questions  \(report.questions)")
                print(String(format: "recall@1   %.3f", report.recallAt1))
                print(String(format: "recall@5   %.3f", report.recallAt5))
                print(String(format: "recall@10  %.3f", report.recallAt10))
                print(String(format: "mrr@10     %.3f", report.mrrAt10))
                print(String(format: "p50        %.2f ms", report.p50Ms))
            }
            var below: [String] = []
            for (name, value, floor) in [("recall@1", report.recallAt1, minRecall1), ("recall@5", report.recallAt5, minRecall5),
                                         ("mrr@10", report.mrrAt10, minMRR)] {
                if let floor, value < floor { below.append("\(name) " + String(format: "%.3f < floor %.3f", value, floor)) }
            }
            if misses {
                for m in report.misses {
                    FileHandle.standardError.write(Data("miss \(m.id) rank \(m.rank.map(String.init) ?? "-"): \(m.question)\n    top: \(m.top.joined(separator: ", "))\n".utf8))
                }
            }
            try Self.failIfBelow(below, "retrieval")
        } catch {
            throw Self.commandError(error)
        }
    }

    /// Exit 1 naming every metric under its floor (`what`: "retrieval" or "answers").
    static func failIfBelow(_ below: [String], _ what: String) throws {
        guard !below.isEmpty else { return }
        FileHandle.standardError.write(Data("quire eval: \(what) below the floor: \(below.joined(separator: ", "))\n".utf8))
        throw ExitCode(1)
    }

    /// Usage errors and exit codes pass through; anything else is reported as a Quire error.
    static func commandError(_ error: Error) -> Error {
        if error is ValidationError || error is ExitCode { return error }
        return fail(error)
    }
}
