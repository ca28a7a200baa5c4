import Foundation
import QuireIndex
import QuireSupport

/// How the answers to a question set fare (`quire eval --answers`).
///
/// Questions with `sources` are in scope: they should be answered (`covered`), and the answer's
/// first citation should be on one of those pages. Questions without sources are out of scope:
/// they should be flagged (`covered: false`). Every answer is also checked for a section cited
/// under two numbers and for a `[n]` with no citation behind it.
public struct AnswerEvalReport: Sendable, Equatable {
    public var questions: Int
    public var inScope: Int
    public var outOfScope: Int
    /// Share of in-scope questions answered (covered).
    public var answered: Double
    /// Share of in-scope questions whose answer's first citation is on a gold page.
    public var firstCitationGold: Double
    /// Share of out-of-scope questions flagged (not covered).
    public var flagged: Double
    /// Answers citing one section under two numbers, or citing a number that is not listed.
    public var badCitations: Int
    public var p50Ms: Double
    public var misses: [Miss]
    /// Per question: its coverage features and the expected decision (for calibration).
    public var rows: [Row]

    public struct Miss: Sendable, Equatable {
        public enum Kind: String, Sendable { case flagged, answered, wrongPage = "wrong-page", citations }
        public var kind: Kind
        public var id: String
        public var question: String
        public var detail: String
    }

    public struct Row: Sendable, Equatable {
        public var id: String
        public var inScope: Bool
        public var covered: Bool
        public var features: CoverageFeatures
        public var firstSource: String?
    }

    /// One object; keys absent when the set has no question of that kind.
    public func json() -> String {
        var out = "{\"questions\": \(questions), \"in_scope\": \(inScope), \"out_of_scope\": \(outOfScope)"
        if inScope > 0 {
            out += ", \"answered\": \(JSONText.number(answered, digits: 4)), \"first_citation_gold\": \(JSONText.number(firstCitationGold, digits: 4))"
        }
        if outOfScope > 0 { out += ", \"flagged\": \(JSONText.number(flagged, digits: 4))" }
        out += ", \"bad_citations\": \(badCitations), \"p50_ms\": \(JSONText.number(p50Ms, digits: 3))}"
        return out
    }

    /// JSON lines of `rows` (`--features`): what scripts/calibrate-coverage.py fits.
    public func featureLines() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return rows.map { r in
            let f = (try? encoder.encode(r.features)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
            return "{\"id\": \(JSONText.string(r.id)), \"in_scope\": \(r.inScope), \"covered\": \(r.covered), \"features\": \(f)}"
        }.joined(separator: "\n")
    }
}

public enum AnswerEval {
    /// Answers every question with `engine` (use one without a model provider: extractive).
    /// `inspect` sees each question's evidence (`--candidates` dumps it for tuning).
    public static func run(engine: AnswerEngine, questions: [EvalQuestion],
                           inspect: ((EvalQuestion, AnswerEvidence) -> Void)? = nil) async throws -> AnswerEvalReport {
        var answered = 0, gold = 0, flagged = 0, bad = 0, inScope = 0, outOfScope = 0
        var times: [Double] = []
        var misses: [AnswerEvalReport.Miss] = []
        var rows: [AnswerEvalReport.Row] = []
        for q in questions {
            let start = DispatchTime.now().uptimeNanoseconds
            // What `AnswerEngine.run` streams without a model, without the streaming.
            let evidence = engine.gather(AskRequest(question: q.question))
            let answer = engine.extractiveAnswer(evidence)
            let text = answer.paragraphs.joined(separator: "\n\n"), citations = answer.citations
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            inspect?(q, evidence)
            if let problem = citationProblem(text, citations) {
                bad += 1
                misses.append(.init(kind: .citations, id: q.id, question: q.question, detail: problem))
            }
            let first = firstCitation(text, citations)
            rows.append(.init(id: q.id, inScope: !q.sources.isEmpty, covered: evidence.covered, features: evidence.features,
                              firstSource: first?.source))
            let top = citations.prefix(3).map(\.source).joined(separator: ", ")
            if q.sources.isEmpty {
                outOfScope += 1
                if !evidence.covered { flagged += 1 } else {
                    misses.append(.init(kind: .answered, id: q.id, question: q.question, detail: "cited \(top)"))
                }
                continue
            }
            inScope += 1
            guard evidence.covered else {
                misses.append(.init(kind: .flagged, id: q.id, question: q.question, detail: "closest \(top)"))
                continue
            }
            answered += 1
            let wanted = Set(q.sources.map(RetrievalEval.normalize))
            if let first, wanted.contains(RetrievalEval.normalize(first.source)) {
                gold += 1
            } else {
                misses.append(.init(kind: .wrongPage, id: q.id, question: q.question, detail: "first cites \(first?.source ?? "nothing")"))
            }
        }
        times.sort()
        let p50 = times.isEmpty ? 0 : (times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2)
        return AnswerEvalReport(questions: questions.count, inScope: inScope, outOfScope: outOfScope,
                                answered: Double(answered) / Double(max(1, inScope)),
                                firstCitationGold: Double(gold) / Double(max(1, inScope)),
                                flagged: Double(flagged) / Double(max(1, outOfScope)),
                                badCitations: bad, p50Ms: p50, misses: misses, rows: rows)
    }

    /// The `[n]` markers of `text`, in order.
    public static func markers(_ text: String) -> [Int] {
        var out: [Int] = []
        var i = text.startIndex
        while let open = text[i...].firstIndex(of: "[") {
            let digits = text[text.index(after: open)...].prefix { $0.isNumber }
            let close = text.index(open, offsetBy: digits.count + 1)
            if !digits.isEmpty, close < text.endIndex, text[close] == "]", let n = Int(digits) { out.append(n) }
            i = text.index(after: open)
        }
        return out
    }

    /// The citation the answer uses first.
    public static func firstCitation(_ text: String, _ citations: [Citation]) -> Citation? {
        for n in markers(text) {
            if let c = citations.first(where: { $0.n == n }) { return c }
        }
        return nil
    }

    /// Why the citations are wrong, or nil: a section under two numbers, a number used twice,
    /// a marker with no citation, or numbers not in order of first use.
    public static func citationProblem(_ text: String, _ citations: [Citation]) -> String? {
        var urls = Set<String>()
        for c in citations where !urls.insert(c.url).inserted { return "section \(c.url) cited under two numbers" }
        let numbers = citations.map(\.n)
        if Set(numbers).count != numbers.count { return "a citation number is used twice" }
        var firstUse: [Int] = []
        for n in markers(text) {
            guard numbers.contains(n) else { return "[\(n)] has no citation" }
            if !firstUse.contains(n) { firstUse.append(n) }
        }
        if firstUse != firstUse.sorted() { return "numbers not in order of first use: \(firstUse)" }
        return nil
    }
}
