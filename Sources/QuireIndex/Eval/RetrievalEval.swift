import Foundation
import QuireSupport

/// One line of a question set: `{"id", "question", "sources": [...]}` or with a single `"source"`.
public struct EvalQuestion: Sendable, Equatable, Decodable {
    public var id: String
    public var question: String
    /// Markdown paths relative to the content root; any of them is a hit.
    public var sources: [String]

    public init(id: String, question: String, sources: [String]) {
        self.id = id
        self.question = question
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey { case id, question, sources, source }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        question = try c.decode(String.self, forKey: .question)
        if let s = try? c.decode(String.self, forKey: .id) { id = s } else if let n = try? c.decode(Int.self, forKey: .id) { id = String(n) } else { id = "" }
        var list = (try c.decodeIfPresent([String].self, forKey: .sources)) ?? []
        if let one = try c.decodeIfPresent(String.self, forKey: .source) { list.append(one) }
        sources = list
    }
}

/// Page-level retrieval quality of a question set.
public struct EvalReport: Sendable, Equatable {
    public var recallAt1: Double
    public var recallAt5: Double
    public var recallAt10: Double
    public var mrrAt10: Double
    public var p50Ms: Double
    public var questions: Int
    /// Questions whose first hit is not at rank 1: (id, question, rank or nil, top sources).
    public var misses: [Miss]

    public struct Miss: Sendable, Equatable {
        public var id: String
        public var question: String
        public var rank: Int?
        public var top: [String]
    }

    /// `{"recall@1", "recall@5", "recall@10", "mrr@10", "p50_ms", "questions"}` in that order.
    public func json() -> String {
        "{\"recall@1\": \(JSONText.number(recallAt1, digits: 4)), \"recall@5\": \(JSONText.number(recallAt5, digits: 4)), "
            + "\"recall@10\": \(JSONText.number(recallAt10, digits: 4)), \"mrr@10\": \(JSONText.number(mrrAt10, digits: 4)), "
            + "\"p50_ms\": \(JSONText.number(p50Ms, digits: 3)), \"questions\": \(questions)}"
    }
}

public enum RetrievalEval {
    /// Reads JSON lines; blank lines and lines starting with `#` or `//` are skipped. With
    /// `requireSources: false` a question may have no sources (an out-of-scope question, for
    /// `quire eval --answers`).
    public static func loadQuestions(_ url: URL, requireSources: Bool = true) throws -> [EvalQuestion] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw QuireError(.eval, "cannot read the question file: \(error.localizedDescription)", file: url.path)
        }
        var out: [EvalQuestion] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.hasPrefix("#") || t.hasPrefix("//") { continue }
            do {
                let q = try JSONDecoder().decode(EvalQuestion.self, from: Data(t.utf8))
                guard !q.sources.isEmpty || !requireSources else {
                    throw QuireError(.eval, "question has no \"source\" or \"sources\"", file: url.path, line: n + 1)
                }
                out.append(q)
            } catch let e as QuireError {
                throw e
            } catch {
                throw QuireError(.eval, "not a question object {\"id\", \"question\", \"sources\"}: \(error)", file: url.path, line: n + 1)
            }
        }
        return out
    }

    /// Runs every question: `embed` gives the query vector (return [] for lexical only),
    /// results are collapsed to pages, and latency includes embedding.
    public static func run(index: SearchIndex, questions: [EvalQuestion], k: Int = 10, options: RetrievalOptions? = nil,
                           embed: (String) throws -> [Float]) throws -> EvalReport {
        var r1 = 0.0, r5 = 0.0, r10 = 0.0, mrr = 0.0
        var times: [Double] = []
        var misses: [EvalReport.Miss] = []
        let depth = max(k, 10)
        for q in questions {
            let start = DispatchTime.now().uptimeNanoseconds
            let v = try embed(q.question)
            let results = index.search(q.question, queryVector: v, k: depth, collapsePages: true, options: options)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            let wanted = Set(q.sources.map(normalize))
            let rank = results.firstIndex { wanted.contains(normalize($0.source)) }.map { $0 + 1 }
            if let rank {
                if rank <= 1 { r1 += 1 }
                if rank <= 5 { r5 += 1 }
                if rank <= 10 { r10 += 1; mrr += 1 / Double(rank) }
            }
            if rank != 1 { misses.append(.init(id: q.id, question: q.question, rank: rank, top: results.prefix(3).map(\.source))) }
        }
        let n = Double(max(1, questions.count))
        times.sort()
        let p50 = times.isEmpty ? 0 : (times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2)
        return EvalReport(recallAt1: r1 / n, recallAt5: r5 / n, recallAt10: r10 / n, mrrAt10: mrr / n, p50Ms: p50,
                          questions: questions.count, misses: misses)
    }

    public static func normalize(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.hasPrefix("/") { p.removeFirst() }
        return p
    }
}
