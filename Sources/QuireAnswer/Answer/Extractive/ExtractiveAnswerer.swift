import Foundation
import QuireIndex

/// Answers without a model: the most relevant sentences of the best chunks, quoted with
/// their `[n]`; below the relevance threshold, says the book does not seem to cover the
/// question and lists the closest sections.
public struct ExtractiveAnswerer: Sendable {
    public var maxSentences = 4
    public var maxPerChunk = 2
    public var maxSentenceLength = 400
    let tokenizer = Tokenizer()

    public init() {}

    public static let extractedNote = "Extracted from the book (no language model was used):"
    public static let notCoveredNote = "The book does not seem to cover this question."

    /// Paragraphs of the answer, in order (streamed as separate deltas).
    public func answer(question: String, sources: [SearchResult], covered: Bool) -> [String] {
        guard covered, !sources.isEmpty else { return notCovered(sources) }
        let query = Set(tokenizer.terms(question))
        struct Pick { var source: Int; var position: Int; var score: Double; var text: String }
        var picks: [Pick] = []
        for (s, r) in sources.prefix(3).enumerated() {
            let sentences = Self.sentences(r.text).filter { $0.count >= 3 }
            var scored: [Pick] = []
            for (p, sentence) in sentences.enumerated() {
                let terms = Set(tokenizer.terms(sentence))
                let hits = query.isEmpty ? 0 : Double(query.intersection(terms).count) / Double(query.count)
                guard hits > 0 || (s == 0 && p == 0) else { continue }
                let text = sentence.count > maxSentenceLength ? String(sentence.prefix(maxSentenceLength)) + "…" : sentence
                scored.append(Pick(source: s, position: p, score: hits + 0.05 / Double(s + 1) + (p == 0 ? 0.01 : 0), text: text))
            }
            scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.position < $1.position) }
            picks += scored.prefix(maxPerChunk)
        }
        picks.sort { $0.score > $1.score || ($0.score == $1.score && ($0.source, $0.position) < ($1.source, $1.position)) }
        var chosen = Array(picks.prefix(maxSentences))
        chosen.sort { ($0.source, $0.position) < ($1.source, $1.position) }
        var paragraphs = [Self.extractedNote]
        var i = 0
        while i < chosen.count {
            var j = i
            var quote: [String] = []
            while j < chosen.count, chosen[j].source == chosen[i].source {
                quote.append(chosen[j].text)
                j += 1
            }
            paragraphs.append("> " + quote.joined(separator: " … ") + " [\(chosen[i].source + 1)]")
            i = j
        }
        return paragraphs
    }

    func notCovered(_ sources: [SearchResult]) -> [String] {
        guard !sources.isEmpty else { return [Self.notCoveredNote + " Nothing in it matched."] }
        var out = [Self.notCoveredNote + " The closest sections are:"]
        let lines = sources.prefix(3).enumerated().map { i, r in
            "- [\(i + 1)] " + ([r.title] + r.headings).filter { !$0.isEmpty }.joined(separator: " › ")
        }
        out.append(lines.joined(separator: "\n"))
        return out
    }

    /// Sentences of a chunk: split after `.`, `!`, `?` followed by white space, and at line
    /// breaks (lists, tables, code keep their lines).
    public static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(text)
        for (i, c) in chars.enumerated() {
            if c == "\n" {
                flush(&current, &out)
                continue
            }
            current.append(c)
            if c == "." || c == "!" || c == "?", i + 1 < chars.count, chars[i + 1] == " " || chars[i + 1] == "\n" {
                flush(&current, &out)
            }
        }
        flush(&current, &out)
        return out
    }

    private static func flush(_ s: inout String, _ out: inout [String]) {
        let t = s.trimmingCharacters(in: .whitespaces)
        if !t.isEmpty { out.append(t) }
        s = ""
    }
}

