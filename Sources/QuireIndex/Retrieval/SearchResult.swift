import QuireSupport

/// One hit: a chunk, where it lives, and its fused score. On the wire (`search --json`,
/// `/api/search`) it is `{"rank", "score", "source", "url", "title", "headings", "text"}`,
/// the score rounded to 4 decimals and the text's TeX as plain Unicode (`MathText`: `\theta_1` →
/// θ₁); `chunkID` stays in the process. When the text has delimited math (`$…$`,
/// `MathText.hasDelimitedMath`), `"tex"` follows with the text as the book wrote it, for
/// clients that render math (the site's widget, with KaTeX).
public struct SearchResult: Sendable, Equatable, Codable {
    /// 1-based.
    public var rank: Int
    public var score: Double
    /// Markdown file relative to the content root.
    public var source: String
    /// Page URL with the chunk's heading anchor, e.g. `/docs/kinematics/inverse#the-jacobian`.
    public var url: String
    public var title: String
    public var headings: [String]
    public var text: String
    public var chunkID: Int

    public init(rank: Int, score: Double, source: String, url: String, title: String, headings: [String], text: String, chunkID: Int) {
        self.rank = rank
        self.score = score
        self.source = source
        self.url = url
        self.title = title
        self.headings = headings
        self.text = text
        self.chunkID = chunkID
    }

    enum CodingKeys: String, CodingKey {
        case rank, score, source, url, title, headings, text, tex
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(rank: try c.decode(Int.self, forKey: .rank), score: try c.decode(Double.self, forKey: .score),
                  source: try c.decode(String.self, forKey: .source), url: try c.decode(String.self, forKey: .url),
                  title: try c.decode(String.self, forKey: .title), headings: try c.decode([String].self, forKey: .headings),
                  text: try c.decodeIfPresent(String.self, forKey: .tex) ?? c.decode(String.self, forKey: .text), chunkID: -1)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rank, forKey: .rank)
        try c.encode(JSONText.rounded(score, digits: 4), forKey: .score)
        try c.encode(source, forKey: .source)
        try c.encode(url, forKey: .url)
        try c.encode(title, forKey: .title)
        try c.encode(headings, forKey: .headings)
        let shown = MathText.display(text)
        try c.encode(shown.plain, forKey: .text)
        if let tex = shown.tex { try c.encode(tex, forKey: .tex) }
    }
}

/// The object `quire search --json` prints and `GET /api/search` returns:
/// `{"query", "took_ms", "results": [{"rank", "score", "source", "url", "title", "headings", "text"}]}`
/// with keys in that order (`ContractJSONEncoder`), `took_ms` rounded to 3 decimals.
public struct SearchResponse: Sendable, Equatable, Codable {
    public var query: String
    public var tookMs: Double
    public var results: [SearchResult]

    public init(query: String, tookMs: Double, results: [SearchResult]) {
        self.query = query
        self.tookMs = tookMs
        self.results = results
    }

    enum CodingKeys: String, CodingKey {
        case query, tookMs = "took_ms", results
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(query, forKey: .query)
        try c.encode(JSONText.rounded(tookMs, digits: 3), forKey: .tookMs)
        try c.encode(results, forKey: .results)
    }

    /// The JSON text (`ContractJSONEncoder`; numbers are rounded and finite, so it cannot fail).
    public func json() -> String {
        (try? ContractJSONEncoder().encode(self)) ?? "{}"
    }
}

/// Minimal JSON text helpers for objects whose key order is part of a contract.
public enum JSONText {
    public static func string(_ s: String) -> String {
        ContractJSONEncoder.quoted(s)
    }

    /// A finite number rounded to `digits` decimals (non-finite becomes 0).
    public static func number(_ x: Double, digits: Int) -> String {
        let r = rounded(x, digits: digits)
        if r == r.rounded(), abs(r) < 1e15 { return String(Int(r)) }
        return "\(r)"
    }

    /// `x` rounded to `digits` decimals, for a wire type's `encode(to:)`; non-finite becomes 0.
    public static func rounded(_ x: Double, digits: Int) -> Double {
        guard x.isFinite else { return 0 }
        var p = 1.0
        for _ in 0..<digits { p *= 10 }
        return (x * p).rounded() / p
    }
}
