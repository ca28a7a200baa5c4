import Foundation
import QuireEmbedding
import QuireIndex

/// What retrieval found for a question, and whether the book covers it.
public struct AnswerEvidence: Sendable {
    /// Retrieved chunks, best first (several may belong to one section).
    public var results: [SearchResult]
    /// The embedded query (question, selection, last user turn); empty without a model.
    public var queryVector: [Float]
    /// Cosine between the query and each result's chunk (0 without a model).
    public var chunkCosines: [Double]
    public var features: CoverageFeatures
    /// The coverage decision (`CoverageModel`).
    public var covered: Bool
    /// The decision's probability (0…1), reported as `relevance`.
    public var relevance: Double
    /// Sentences picked for an extractive answer (also the source of `features.sentenceCosine`).
    public var selection: SentenceSelector.Selection
}

extension AnswerEngine {
    /// The query text retrieval embeds: the question, then the reader's selection and the last
    /// user turn (follow-ups are short and lean on what came before).
    func queryText(_ request: AskRequest) -> String {
        var query = request.question
        if let s = request.selection, !s.isEmpty { query += "\n" + String(s.prefix(1_000)) }
        if let last = request.history.last(where: { $0.role == "user" }) { query += "\n" + String(last.content.prefix(500)) }
        return query
    }

    /// Query terms with weights for sentence scoring: the question's at full IDF weight, the
    /// selection's and the last user turn's at half.
    func weightedTerms(_ request: AskRequest) -> [(term: String, weight: Double)] {
        var weights: [String: Double] = [:]
        var order: [String] = []
        func add(_ text: String, _ factor: Double) {
            for t in tokenizer.terms(text) {
                let w = index.contents.lexical.idf(t) * factor
                if weights[t] == nil { order.append(t) }
                weights[t] = max(weights[t] ?? 0, w)
            }
        }
        add(request.question, 1)
        if let s = request.selection, !s.isEmpty { add(String(s.prefix(1_000)), 0.5) }
        if let last = request.history.last(where: { $0.role == "user" }) { add(String(last.content.prefix(500)), 0.5) }
        return order.map { ($0, weights[$0]!) }
    }

    /// Retrieves, picks the answering sentences and decides coverage.
    public func gather(_ request: AskRequest) -> AnswerEvidence {
        let query = queryText(request)
        // The Retriever's policy: a failed query embedding means BM25 only for this question, logged.
        let (queryVector, fallback) = Retriever(index: index, embedder: embedder).queryVector(query)
        if let fallback, embedder != nil {
            logger.warning("query embedding failed; retrieving with BM25 only", metadata: ["reason": "\(fallback)"])
        }
        var vector = queryVector ?? []
        if vector.count != index.contents.vectors.dimensions { vector = [] }
        let results = index.search(query, queryVector: vector, k: options.k, collapsePages: false)
        let chunkCosines = results.map { r -> Double in
            guard !vector.isEmpty, r.chunkID < index.contents.vectors.count else { return 0 }
            return Double(index.contents.vectors.exactDot(vector, r.chunkID))
        }
        let terms = weightedTerms(request)
        let selection = options.selector.select(results: results, queryVector: vector, terms: terms, chunkCosines: chunkCosines,
                                                embedder: vector.isEmpty ? nil : embedder, tokenizer: tokenizer)
        // Vocabulary: the question's own content words (a follow-up without any borrows the context's).
        var questionTerms = tokenizer.terms(request.question)
        if questionTerms.isEmpty { questionTerms = terms.map(\.term) }
        let lexical = CoverageFeatures.lexical(question: terms.map(\.term), results: Array(results.prefix(options.selector.maxChunks)),
                                               lexical: index.contents.lexical, tokenizer: tokenizer)
        let vocabulary = CoverageFeatures.lexical(question: questionTerms, results: [], lexical: index.contents.lexical, tokenizer: tokenizer)
        let features = CoverageFeatures(chunkCosine: chunkCosines.max() ?? 0, sentenceCosine: selection.bestCosine,
                                        lexicalShare: lexical.lexicalShare, vocabularyShare: vocabulary.vocabularyShare,
                                        knownWords: vocabulary.knownWords, contentWords: vocabulary.count)
        let model = options.coverage
        var covered = !results.isEmpty && model.covered(features)
        var relevance = model.probability(features)
        if vector.isEmpty {
            // No model: lexical evidence alone (the calibrated model expects cosines).
            covered = !results.isEmpty && features.contentWords > 0 && features.lexicalShare >= options.lexicalOnlyShare
                && features.vocabularyShare >= options.lexicalOnlyVocabulary
            relevance = features.lexicalShare
        }
        return AnswerEvidence(results: results, queryVector: vector, chunkCosines: chunkCosines, features: features, covered: covered,
                              relevance: relevance, selection: selection)
    }

    /// The extractive answer to `evidence`: the picked sentences when covered, else the closest
    /// sections. What `run` streams when no model is configured.
    public func extractiveAnswer(_ evidence: AnswerEvidence) -> ExtractiveAnswer {
        evidence.covered && !evidence.results.isEmpty
            ? extractive.compose(evidence.selection, results: evidence.results) : extractive.notCovered(evidence.results)
    }
}
