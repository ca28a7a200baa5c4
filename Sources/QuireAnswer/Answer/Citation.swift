import QuireIndex

/// A numbered source of an answer: `[n]` in the text points here.
public struct Citation: Sendable, Equatable, Codable {
    public var n: Int
    /// Page URL with the section's anchor, e.g. `/docs/kinematics/inverse#the-jacobian`.
    public var url: String
    public var title: String
    public var headings: [String]

    public init(n: Int, url: String, title: String, headings: [String]) {
        self.n = n
        self.url = url
        self.title = title
        self.headings = headings
    }

    public init(_ result: SearchResult, n: Int) {
        self.init(n: n, url: result.url, title: result.title, headings: result.headings)
    }

    /// `Title › Heading`.
    public var label: String { ([title] + headings).filter { !$0.isEmpty }.joined(separator: " › ") }

    public var json: String {
        "{\"n\": \(n), \"url\": \(JSONText.string(url)), \"title\": \(JSONText.string(title)), \"headings\": [\(headings.map(JSONText.string).joined(separator: ", "))]}"
    }

    public static func json(_ citations: [Citation]) -> String {
        "[" + citations.map(\.json).joined(separator: ", ") + "]"
    }
}
