import Foundation
import QuireEmbedding
import QuireIndex

/// A unit of a retrieved chunk chosen for (or considered for) an extractive answer.
public struct ScoredUnit: Sendable, Equatable {
    public var unit: TextUnit
    /// Index into the retrieval results the unit comes from.
    public var result: Int
    /// Cosine between the query and the unit (0 without a model).
    public var cosine: Double
    /// IDF-weighted share of the query's terms the unit contains.
    public var lexical: Double
    /// What the selection ranks by.
    public var relevance: Double
}

/// Picks the sentences of the best chunks that answer a question: each unit is scored with
/// MiniLM against the query (the same query text retrieval embedded: question, selection, last
/// user turn) plus its lexical overlap with the query terms; then maximal marginal relevance
/// picks relevant units that do not repeat each other, up to about `wordBudget` words.
public struct SentenceSelector: Sendable {
    public var maxChunks = 4
    public var wordBudget = 120
    /// MMR trade-off: 1 = relevance only.
    public var lambda = 0.75
    /// Units scoring more than this below the best one are not quoted.
    public var relevanceWindow = 0.12
    /// A unit longer than this many words is cut (with "…").
    public var maxUnitWords = 60
    // Two steps. The page: the one holding the unit with the best
    //   0.7·cos(query, unit) + 0.05·overlap + 0.8·cos(query, unit's chunk) + 0.1·[retrieval's first page];
    // the chunk's similarity dominates, because short definitions on other pages (a glossary) win
    // on sentence cosine alone. Then the sentences, by
    //   cosineWeight·cos(query, unit) + lexicalWeight·overlap + chunkWeight·cos(query, chunk)
    //   + pageBonus·[on that page] − codePenalty·[code] − shortPenalty·[under 8 words],
    // where overlap is the IDF-weighted share of the query's terms in the unit. Weights from a grid
    // search on content/eval/answers-in-scope.jsonl (a wide plateau; docs/answers.md), checked on
    // ../shared/eval.
    public var cosineWeight = 0.7
    public var lexicalWeight = 0.3
    public var chunkWeight = 0.15
    public var pageBonus = 0.3
    public var codePenalty = 0.05
    public var shortPenalty = 0.05

    public init() {}

    public struct Selection: Sendable {
        /// Chosen units, best first.
        public var picked: [ScoredUnit]
        /// Every candidate unit (for the coverage features).
        public var candidates: [ScoredUnit]
        public var bestCosine: Double { candidates.map(\.cosine).max() ?? 0 }
    }

    /// `terms` are the query's index terms with their weights; `chunkCosines[i]` the query's
    /// cosine with result `i`'s chunk.
    public func select(results: [SearchResult], queryVector: [Float], terms: [(term: String, weight: Double)],
                       chunkCosines: [Double], embedder: (any Embedder)?, tokenizer: Tokenizer = Tokenizer()) -> Selection {
        var candidates: [ScoredUnit] = []
        var seenChunks = Set<Int>()
        var seenText = Set<String>()
        for (i, r) in results.enumerated() where seenChunks.count < maxChunks {
            guard seenChunks.insert(r.chunkID).inserted else { continue }
            let headings = Set(([r.title] + r.headings).map { $0.lowercased() })
            for var u in TextUnits.split(r.text) {
                let words = u.wordCount
                if u.kind == .prose && words < 4 { continue }
                // A short line that does not end like a sentence is a title (admonition, tab label).
                if u.kind == .prose && words < 7, let last = u.text.last, !".!?:;)\"”".contains(last) { continue }
                if u.kind != .prose && words < 2 { continue }
                if headings.contains(u.text.lowercased()) { continue }
                if words > maxUnitWords {
                    u.text = u.text.split(separator: " ").prefix(maxUnitWords).joined(separator: " ") + " …"
                }
                guard seenText.insert(u.text).inserted else { continue }
                candidates.append(ScoredUnit(unit: u, result: i, cosine: 0, lexical: 0, relevance: 0))
            }
        }
        guard !candidates.isEmpty else { return Selection(picked: [], candidates: []) }

        var vectors: [[Float]] = []
        if let embedder, queryVector.count == embedder.dimensions,
           let v = try? embedder.embed(candidates.map { MathText.plain($0.unit.text) }), v.count == candidates.count {
            vectors = v
        }
        let total = terms.reduce(0) { $0 + $1.weight }
        for k in candidates.indices {
            if !vectors.isEmpty { candidates[k].cosine = Double(dot(queryVector, vectors[k])) }
            let unitTerms = Set(tokenizer.terms(candidates[k].unit.text))
            let matched = terms.filter { unitTerms.contains($0.term) }.reduce(0) { $0 + $1.weight }
            candidates[k].lexical = total > 0 ? matched / total : 0
        }
        // The page the answer starts on.
        func chunkCosine(_ k: Int) -> Double { candidates[k].result < chunkCosines.count ? chunkCosines[candidates[k].result] : 0 }
        func pageScore(_ k: Int) -> Double {
            let c = candidates[k]
            if vectors.isEmpty { return c.lexical + 0.02 / Double(c.result + 1) }
            return 0.7 * c.cosine + 0.05 * c.lexical + 0.8 * chunkCosine(k) + (results[c.result].source == results[0].source ? 0.1 : 0)
                - (c.unit.kind == .code ? 0.05 : 0)
        }
        let leadPage = results[candidates[candidates.indices.max { pageScore($0) < pageScore($1) }!].result].source
        for k in candidates.indices {
            let c = candidates[k]
            var rel = vectors.isEmpty ? c.lexical + 0.02 / Double(c.result + 1)
                                      : cosineWeight * c.cosine + lexicalWeight * c.lexical + chunkWeight * chunkCosine(k)
            if results[c.result].source == leadPage { rel += pageBonus }
            if c.unit.kind == .code { rel -= codePenalty }
            if c.unit.wordCount < 8 { rel -= shortPenalty }
            candidates[k].relevance = rel
        }

        // Maximal marginal relevance under the word budget.
        var picked: [Int] = []
        var words = 0
        let best = candidates.map(\.relevance).max() ?? 0
        var open = Set(candidates.indices)
        while !open.isEmpty {
            var choice: Int?
            var choiceScore = -Double.infinity
            for k in open {
                var redundancy = 0.0
                for j in picked {
                    let sim = vectors.isEmpty ? jaccard(candidates[k].unit.text, candidates[j].unit.text, tokenizer)
                                              : Double(dot(vectors[k], vectors[j]))
                    redundancy = max(redundancy, sim)
                }
                let score = lambda * candidates[k].relevance - (1 - lambda) * redundancy
                if score > choiceScore || (score == choiceScore && k < choice!) {
                    choice = k
                    choiceScore = score
                }
            }
            guard let k = choice else { break }
            open.remove(k)
            let c = candidates[k]
            if !picked.isEmpty {
                if c.relevance < best - relevanceWindow { continue }
                if words + c.unit.wordCount > wordBudget { continue }
                // A near-duplicate of a chosen unit adds nothing.
                if picked.contains(where: { vectors.isEmpty ? false : Double(dot(vectors[k], vectors[$0])) > 0.92 }) { continue }
            }
            picked.append(k)
            words += c.unit.wordCount
            if words >= wordBudget { break }
        }
        return Selection(picked: picked.map { candidates[$0] }, candidates: candidates)
    }

    func dot(_ a: [Float], _ b: [Float]) -> Float {
        var s: Float = 0
        for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
        return s
    }

    func jaccard(_ a: String, _ b: String, _ tokenizer: Tokenizer) -> Double {
        let x = Set(tokenizer.terms(a)), y = Set(tokenizer.terms(b))
        let u = x.union(y).count
        return u == 0 ? 0 : Double(x.intersection(y).count) / Double(u)
    }
}
