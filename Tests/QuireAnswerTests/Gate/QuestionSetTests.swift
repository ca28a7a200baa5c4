import Foundation
import QuireIndex
import Testing

/// The answer gate's question sets are what the issue asks for: at least 60 in-scope questions
/// in the asker's own words (no three consecutive words copied from the page that answers them;
/// scripts/check-question-overlap.py is the same check for any question file) and at least 60
/// out-of-scope questions, half far from robotics and half near it.
@Suite struct QuestionSetTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for c in text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'") {
            if c.isASCII && (c.isLetter || c.isNumber) { current.append(c) } else if !current.isEmpty {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func trigrams(_ w: [String]) -> Set<String> {
        guard w.count >= 3 else { return [] }
        return Set((0...(w.count - 3)).map { w[$0..<($0 + 3)].joined(separator: " ") })
    }

    @Test func inScopeQuestionsCopyNoThreeWordsFromTheirPage() throws {
        let questions = try RetrievalEval.loadQuestions(Self.root.appendingPathComponent("content/eval/answers-in-scope.jsonl"))
        #expect(questions.count >= 60)
        var pages: [String: Set<String>] = [:]
        for q in questions {
            for s in q.sources {
                if pages[s] == nil {
                    let text = try String(contentsOf: Self.root.appendingPathComponent("content/docs").appendingPathComponent(s), encoding: .utf8)
                    pages[s] = Self.trigrams(Self.words(text))
                }
                let shared = Self.trigrams(Self.words(q.question)).intersection(pages[s]!)
                #expect(shared.isEmpty, "\(q.id) copies \(shared.sorted()) from \(s)")
            }
        }
    }

    @Test func outOfScopeSetIsHalfFarHalfNear() throws {
        let url = Self.root.appendingPathComponent("content/eval/answers-out-of-scope.jsonl")
        let questions = try RetrievalEval.loadQuestions(url, requireSources: false)
        #expect(questions.count >= 60)
        #expect(questions.allSatisfy { $0.sources.isEmpty })
        let kinds = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line -> String? in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["kind"] as? String
        }
        let far = kinds.filter { $0 == "far" }.count, near = kinds.filter { $0 == "near" }.count
        #expect(far >= 30 && near >= 30, "far \(far), near \(near)")
    }
}
