import ArgumentParser
import Foundation
import QuireAnswer
import QuireIndex
import QuireSupport

extension Eval {
    /// `quire eval --answers`: answers every question extractively (no model provider) and
    /// reports the share answered and the share whose first citation is on a gold page (questions
    /// with sources), the share flagged as not covered (questions without), and answers whose
    /// citations are wrong.
    func runAnswers() async throws {
        do {
            let qs = try RetrievalEval.loadQuestions(URL(fileURLWithPath: questions), requireSources: false)
            let retriever = try Retriever.forCommand(indexPath: index)
            let engine = AnswerEngine(index: retriever.index, embedder: retriever.embedder, provider: nil, cache: nil)
            if let first = qs.first { _ = engine.gather(AskRequest(question: first.question)) }  // warm up
            // Tuning aid (docs/answers.md): QUIRE_EVAL_CANDIDATES=FILE writes every question's retrieved
            // chunks and scored sentences as JSON lines.
            var dump: [String] = []
            let dumpPath = ProcessInfo.processInfo.environment["QUIRE_EVAL_CANDIDATES"]
            let report = try await AnswerEval.run(engine: engine, questions: qs) { q, e in
                guard dumpPath != nil else { return }
                dump.append(Self.candidatesLine(q, e))
            }
            if let dumpPath { try AtomicFile.write(Data((dump.joined(separator: "\n") + "\n").utf8), to: URL(fileURLWithPath: dumpPath)) }
            if let features {
                try AtomicFile.write(Data((report.featureLines() + "\n").utf8), to: URL(fileURLWithPath: features))
            }
            if json {
                print(report.json())
            } else {
                print("questions            \(report.questions) (\(report.inScope) in scope, \(report.outOfScope) out of scope)")
                if report.inScope > 0 {
                    print(String(format: "answered             %.3f", report.answered))
                    print(String(format: "first citation gold  %.3f", report.firstCitationGold))
                }
                if report.outOfScope > 0 { print(String(format: "flagged              %.3f", report.flagged)) }
                print("bad citations        \(report.badCitations)")
                print(String(format: "p50                  %.1f ms", report.p50Ms))
            }
            if misses {
                for m in report.misses {
                    FileHandle.standardError.write(Data("\(m.kind.rawValue) \(m.id): \(m.question)\n    \(m.detail)\n".utf8))
                }
            }
            var below: [String] = []
            if report.inScope > 0 {
                if let minAnswered, report.answered < minAnswered { below.append(String(format: "answered %.3f < floor %.3f", report.answered, minAnswered)) }
                if let minFirstGold, report.firstCitationGold < minFirstGold {
                    below.append(String(format: "first citation gold %.3f < floor %.3f", report.firstCitationGold, minFirstGold))
                }
            }
            if report.outOfScope > 0, let minFlagged, report.flagged < minFlagged {
                below.append(String(format: "flagged %.3f < floor %.3f", report.flagged, minFlagged))
            }
            if report.badCitations > 0 { below.append("\(report.badCitations) answers with wrong citations") }
            try Self.failIfBelow(below, "answers")
        } catch {
            throw Self.commandError(error)
        }
    }

    static func candidatesLine(_ q: EvalQuestion, _ e: AnswerEvidence) -> String {
        let results = e.results.enumerated().map { i, r in
            "{\"rank\": \(r.rank), \"cos\": \(JSONText.number(i < e.chunkCosines.count ? e.chunkCosines[i] : 0, digits: 4)), \"source\": \(JSONText.string(r.source)), \"url\": \(JSONText.string(r.url)), \"score\": \(JSONText.number(r.score, digits: 4))}"
        }
        let units = e.selection.candidates.map { u in
            "{\"r\": \(u.result), \"pos\": \(u.unit.position), \"code\": \(u.unit.kind == .code), \"words\": \(u.unit.wordCount), "
                + "\"cos\": \(JSONText.number(u.cosine, digits: 4)), \"lex\": \(JSONText.number(u.lexical, digits: 4)), \"text\": \(JSONText.string(u.unit.text))}"
        }
        let picked = e.selection.picked.map { "[\($0.result), \($0.unit.position)]" }
        return "{\"id\": \(JSONText.string(q.id)), \"sources\": [\(q.sources.map(JSONText.string).joined(separator: ", "))], "
            + "\"covered\": \(e.covered), \"results\": [\(results.joined(separator: ", "))], \"units\": [\(units.joined(separator: ", "))], "
            + "\"picked\": [\(picked.joined(separator: ", "))]}"
    }
}
