/// BM25 with three fields (BM25F-style: field frequencies are weighted and added before
/// saturation).
///
/// For chunk `d` and query term `t`:
///
///     tf' = tf_body / (1 - b + b * len_d / avg_len) + wHeadings * [t in heading path] + wTitle * [t in page title]
///     score += idf(t) * tf' * (k1 + 1) / (tf' + k1)
///     idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))
///
/// Defaults are the textbook k1 = 1.2, b = 0.75; heading and title weights were chosen on the
/// dev question set (docs/benchmarks.md, "Index and retrieval").
public struct BM25Parameters: Codable, Sendable, Equatable {
    public var k1: Float
    public var b: Float
    public var headingWeight: Float
    public var titleWeight: Float

    public init(k1: Float = 1.2, b: Float = 0.75, headingWeight: Float = 2.0, titleWeight: Float = 1.0) {
        self.k1 = k1
        self.b = b
        self.headingWeight = headingWeight
        self.titleWeight = titleWeight
    }

    enum CodingKeys: String, CodingKey {
        case k1, b, headingWeight = "heading_weight", titleWeight = "title_weight"
    }
}
