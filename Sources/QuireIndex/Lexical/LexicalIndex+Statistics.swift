import Foundation

/// Corpus statistics for callers that weigh query terms (answer coverage, sentence scoring).
extension LexicalIndex {
    /// Number of chunks that contain `term` (an index term: `Tokenizer.terms` output), 0 when the
    /// book never uses it.
    public func documentFrequency(_ term: String) -> Int {
        guard let t = termIDs[term] else { return 0 }
        return start[t + 1] - start[t]
    }

    /// BM25's inverse document frequency of `term`; a term the book never uses gets the largest
    /// value any term can have (as if it occurred in one chunk).
    public func idf(_ term: String) -> Double {
        let n = Double(max(1, chunkCount))
        let df = Double(max(1, documentFrequency(term)))
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }
}
