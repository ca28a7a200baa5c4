/// One hit: a chunk, where it lives, and its fused score.
public struct SearchResult: Sendable, Equatable {
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
}

/// The object `quire search --json` prints and `GET /api/search` returns:
/// `{"query", "took_ms", "results": [{"rank", "score", "source", "url", "title", "headings", "text"}]}`
/// with keys in that order.
public struct SearchResponse: Sendable, Equatable {
    public var query: String
    public var tookMs: Double
    public var results: [SearchResult]

    public init(query: String, tookMs: Double, results: [SearchResult]) {
        self.query = query
        self.tookMs = tookMs
        self.results = results
    }

    public func json() -> String {
        var out = "{\"query\": \(JSONText.string(query)), \"took_ms\": \(JSONText.number(tookMs, digits: 3)), \"results\": ["
        for (i, r) in results.enumerated() {
            if i > 0 { out += ", " }
            out += "{\"rank\": \(r.rank), \"score\": \(JSONText.number(r.score, digits: 4)), \"source\": \(JSONText.string(r.source)), "
            out += "\"url\": \(JSONText.string(r.url)), \"title\": \(JSONText.string(r.title)), "
            out += "\"headings\": [\(r.headings.map(JSONText.string).joined(separator: ", "))], \"text\": \(JSONText.string(r.text))}"
        }
        out += "]}"
        return out
    }
}

/// Minimal JSON text helpers for objects whose key order is part of a contract.
public enum JSONText {
    public static func string(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// A finite number rounded to `digits` decimals (non-finite becomes 0).
    public static func number(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return "0" }
        var p = 1.0
        for _ in 0..<digits { p *= 10 }
        let r = (x * p).rounded() / p
        if r == r.rounded(), abs(r) < 1e15 { return String(Int(r)) }
        return "\(r)"
    }
}
