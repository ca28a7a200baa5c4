/// How lexical and dense rankings are combined.
public enum FusionMethod: String, Sendable, CaseIterable, Codable {
    /// Reciprocal rank fusion: `Σ 1 / (rrfK + rank)` over the two rankings.
    case rrf
    /// Min-max normalised scores mixed: `denseWeight · dense + (1 − denseWeight) · bm25`.
    case mix
    /// BM25 alone (for measurements, and when no query vector is available).
    case bm25
    /// Dense alone (for measurements).
    case dense
}

public struct RetrievalOptions: Sendable, Equatable {
    public var fusion: FusionMethod
    /// How deep each ranking is read before fusing.
    public var candidates: Int
    public var rrfK: Double
    public var denseWeight: Double
    /// Re-score the best int8 candidates with the Float32 query.
    public var rescore: Bool
    /// Overrides the BM25 parameters stored in the index.
    public var bm25: BM25Parameters?

    /// Defaults chosen on the dev question set (docs/benchmarks.md, "Index and retrieval").
    public init(fusion: FusionMethod = .mix, candidates: Int = 100, rrfK: Double = 60, denseWeight: Double = 0.5,
                rescore: Bool = true, bm25: BM25Parameters? = nil) {
        self.fusion = fusion
        self.candidates = candidates
        self.rrfK = rrfK
        self.denseWeight = denseWeight
        self.rescore = rescore
        self.bm25 = bm25
    }
}
