import Foundation
import QuireIndex

/// What the coverage decision looks at, each on a 0…1-ish scale that does not depend on the
/// book's size: dense similarities are MiniLM cosines, lexical evidence and vocabulary are shares
/// of the question's terms weighted by their inverse document frequency.
public struct CoverageFeatures: Sendable, Equatable, Codable {
    /// Best cosine between the question and a retrieved chunk.
    public var chunkCosine: Double
    /// Best cosine between the question and one sentence of the retrieved chunks.
    public var sentenceCosine: Double
    /// BM25 evidence: the largest IDF-weighted share of the question's terms that one retrieved
    /// chunk contains (its title and headings included).
    public var lexicalShare: Double
    /// Share of the question's content words the book uses anywhere, IDF-weighted so that a
    /// rare unknown word ("sourdough") outweighs a common known one ("make").
    public var vocabularyShare: Double
    /// Unweighted share of the question's content words the book knows.
    public var knownWords: Double
    /// Number of content words in the question.
    public var contentWords: Int

    public init(chunkCosine: Double = 0, sentenceCosine: Double = 0, lexicalShare: Double = 0, vocabularyShare: Double = 0,
                knownWords: Double = 0, contentWords: Int = 0) {
        self.chunkCosine = chunkCosine
        self.sentenceCosine = sentenceCosine
        self.lexicalShare = lexicalShare
        self.vocabularyShare = vocabularyShare
        self.knownWords = knownWords
        self.contentWords = contentWords
    }

    enum CodingKeys: String, CodingKey {
        case chunkCosine = "chunk_cosine", sentenceCosine = "sentence_cosine", lexicalShare = "lexical_share"
        case vocabularyShare = "vocabulary_share", knownWords = "known_words", contentWords = "content_words"
    }

    /// Weights of the question's terms: IDF in the book, an unknown term as rare as a term can be.
    static func termWeights(_ terms: [String], lexical: LexicalIndex) -> [(term: String, weight: Double, known: Bool)] {
        var seen = Set<String>()
        return terms.compactMap { t in
            guard seen.insert(t).inserted else { return nil }
            return (t, lexical.idf(t), lexical.documentFrequency(t) > 0)
        }
    }

    /// The lexical features of `question` against the retrieved `results`.
    static func lexical(question terms: [String], results: [SearchResult], lexical: LexicalIndex,
                        tokenizer: Tokenizer) -> (lexicalShare: Double, vocabularyShare: Double, knownWords: Double, count: Int) {
        let weights = termWeights(terms, lexical: lexical)
        guard !weights.isEmpty else { return (0, 0, 0, 0) }
        let total = weights.reduce(0) { $0 + $1.weight }
        let known = weights.filter(\.known)
        let vocabulary = total > 0 ? known.reduce(0) { $0 + $1.weight } / total : 0
        var best = 0.0
        for r in results {
            let chunkTerms = Set(tokenizer.terms(([r.title] + r.headings + [r.text]).joined(separator: "\n")))
            let matched = weights.filter { chunkTerms.contains($0.term) }.reduce(0) { $0 + $1.weight }
            best = max(best, total > 0 ? matched / total : 0)
        }
        return (best, vocabulary, Double(known.count) / Double(weights.count), weights.count)
    }
}
