import Foundation
import QuireIndex

/// An answer without a model: paragraphs of Markdown and the citations they use.
public struct ExtractiveAnswer: Sendable, Equatable {
    public var paragraphs: [String]
    public var citations: [Citation]
}

/// Answers without a model by quoting the sentences `SentenceSelector` picked.
///
/// The first quote opens with the sentence that answers best, followed by the picked sentences
/// after it in the same passage; then the other passages, most relevant first, each in book
/// order. Every quote ends with its section's `[n]`; numbers follow first use and a section has
/// one number however many of its chunks are quoted. When the question is not covered, the
/// answer says so and lists the closest sections, without quoting them.
public struct ExtractiveAnswerer: Sendable {
    public var selector = SentenceSelector()
    /// Sections listed when the book does not cover the question.
    public var closestSections = 3

    public init() {}

    public static let extractedNote = "Extracted from the book (no language model was used):"
    public static let notCoveredNote = "The book does not seem to cover this question."

    /// Lexical-only convenience (no model): selects and composes.
    public func answer(question: String, sources: [SearchResult], covered: Bool) -> ExtractiveAnswer {
        guard covered, !sources.isEmpty else { return notCovered(sources) }
        let tokenizer = Tokenizer()
        var seen = Set<String>()
        let terms = tokenizer.terms(question).filter { seen.insert($0).inserted }.map { (term: $0, weight: 1.0) }
        let selection = selector.select(results: sources, queryVector: [], terms: terms, chunkCosines: [], embedder: nil)
        return compose(selection, results: sources)
    }

    /// The book's answer after the model failed: the numbers already sent (`citations`, one per
    /// retrieved section) are kept.
    public func answer(_ evidence: AnswerEvidence, numberedAs citations: [Citation]) -> ExtractiveAnswer {
        guard evidence.covered, !evidence.results.isEmpty else { return notCovered(evidence.results) }
        return compose(evidence.selection, results: evidence.results, numbering: CitationNumbering(seed: citations))
    }

    /// The answer built from `selection` of `results`.
    public func compose(_ selection: SentenceSelector.Selection, results: [SearchResult],
                        numbering seed: CitationNumbering = CitationNumbering()) -> ExtractiveAnswer {
        guard let lead = selection.picked.first else { return notCovered(results) }
        var numbering = seed
        var paragraphs = [Self.extractedNote]
        func key(_ u: ScoredUnit) -> (Int, Int) { (results[u.result].chunkID, u.unit.position) }

        // The answering sentence, then what follows it in its chunk.
        var first = [lead]
        first += selection.picked.dropFirst()
            .filter { $0.result == lead.result && $0.unit.position > lead.unit.position }
            .sorted { key($0) < key($1) }
        let used = Set(first.map { key($0) }.map { "\($0.0):\($0.1)" })
        paragraphs.append(quote(first, results, &numbering))

        // The rest, grouped by section in order of relevance, book order inside.
        var groups: [(url: String, units: [ScoredUnit])] = []
        for u in selection.picked.dropFirst() where !used.contains("\(key(u).0):\(key(u).1)") {
            let url = results[u.result].url
            if let g = groups.firstIndex(where: { $0.url == url }) { groups[g].units.append(u) } else { groups.append((url, [u])) }
        }
        for g in groups {
            paragraphs.append(quote(g.units.sorted { key($0) < key($1) }, results, &numbering))
        }
        return ExtractiveAnswer(paragraphs: paragraphs, citations: numbering.citations)
    }

    /// `> unit unit … unit [n]`: neighbours joined by a space, gaps marked with "…".
    func quote(_ units: [ScoredUnit], _ results: [SearchResult], _ numbering: inout CitationNumbering) -> String {
        var text = ""
        var previous: ScoredUnit?
        for u in units {
            if let p = previous {
                let adjacent = p.result == u.result && u.unit.position == p.unit.position + 1
                text += adjacent ? " " : " … "
            }
            text += Self.display(u.unit)
            previous = u
        }
        let n = numbering.number(for: results[units[0].result])
        return "> " + text + " [\(n)]"
    }

    /// Code as inline code. Prose and table rows keep math the book put between delimiters
    /// (`$…$`), which the site's chat renders with KaTeX and `quire ask` prints as Unicode;
    /// TeX outside delimiters becomes Unicode here.
    static func display(_ unit: TextUnit) -> String {
        switch unit.kind {
        case .code:
            let fence = unit.text.contains("`") ? "``" : "`"
            return fence + unit.text + fence
        case .prose, .row:
            return MathText.hasDelimitedMath(unit.text) ? unit.text : MathText.plain(unit.text)
        }
    }

    /// "Not covered", with the closest sections (one line and one number each).
    public func notCovered(_ sources: [SearchResult]) -> ExtractiveAnswer {
        let sections = SourceSection.group(sources).prefix(closestSections)
        guard !sections.isEmpty else {
            return ExtractiveAnswer(paragraphs: [Self.notCoveredNote + " Nothing in it matched."], citations: [])
        }
        let citations = sections.enumerated().map { $1.citation($0 + 1) }
        let lines = citations.map { "- [\($0.n)] " + $0.label }
        return ExtractiveAnswer(paragraphs: [Self.notCoveredNote + " The closest sections are:", lines.joined(separator: "\n")],
                                citations: citations)
    }
}
