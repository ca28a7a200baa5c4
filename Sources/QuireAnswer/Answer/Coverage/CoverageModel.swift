import Foundation

/// The coverage decision: a logistic model over `CoverageFeatures`. `covered` when the
/// probability reaches `threshold`.
///
/// The weights were fitted by `scripts/calibrate-coverage.py` on the question sets of this
/// repository's book (`content/eval/answers-*.jsonl`) and checked, unchanged, on another book and
/// its questions (`../shared/eval`); docs/benchmarks.md has both sets of numbers.
public struct CoverageModel: Sendable, Equatable {
    public var bias: Double
    public var chunkCosine: Double
    public var sentenceCosine: Double
    public var lexicalShare: Double
    public var vocabularyShare: Double
    public var threshold: Double

    public init(bias: Double, chunkCosine: Double, sentenceCosine: Double, lexicalShare: Double, vocabularyShare: Double,
                threshold: Double = 0.5) {
        self.bias = bias
        self.chunkCosine = chunkCosine
        self.sentenceCosine = sentenceCosine
        self.lexicalShare = lexicalShare
        self.vocabularyShare = vocabularyShare
        self.threshold = threshold
    }

    /// The calibrated model (MiniLM-L6 cosines): `scripts/calibrate-coverage.py --l2 0.0001` on
    /// content/eval/answers-{in,out-of}-scope.jsonl (137 questions: 75 answered, 62 flagged, all
    /// right); unchanged on ../shared/eval's book with its 32 questions and the same 62
    /// out-of-scope ones: 32/32 answered, 62/62 flagged.
    public static let calibrated = CoverageModel(bias: -15.22, chunkCosine: 10.47, sentenceCosine: 10.53, lexicalShare: 10.71,
                                                 vocabularyShare: 5.09)

    public func probability(_ f: CoverageFeatures) -> Double {
        let z = bias + chunkCosine * f.chunkCosine + sentenceCosine * f.sentenceCosine + lexicalShare * f.lexicalShare
            + vocabularyShare * f.vocabularyShare
        return 1 / (1 + exp(-z))
    }

    /// A question with no content word at all ("hello?") is never covered.
    public func covered(_ f: CoverageFeatures) -> Bool {
        f.contentWords > 0 && probability(f) >= threshold
    }
}
