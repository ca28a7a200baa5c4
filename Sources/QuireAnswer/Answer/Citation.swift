import QuireIndex
import QuireSupport

/// A numbered source of an answer: `[n]` in the text points here. One number per section of
/// the book (a section split into several chunks is still one citation).
public struct Citation: Sendable, Equatable, Codable {
    public var n: Int
    /// Page URL with the section's anchor, e.g. `/docs/kinematics/inverse#the-jacobian`.
    public var url: String
    /// The Markdown file, relative to the content root (as in search results).
    public var source: String
    public var title: String
    public var headings: [String]

    public init(n: Int, url: String, source: String, title: String, headings: [String]) {
        self.n = n
        self.url = url
        self.source = source
        self.title = title
        self.headings = headings
    }

    public init(_ result: SearchResult, n: Int) {
        self.init(n: n, url: result.url, source: result.source, title: result.title, headings: result.headings)
    }

    /// `Title › Heading`.
    public var label: String { ([title] + headings).filter { !$0.isEmpty }.joined(separator: " › ") }
}

/// What `quire ask --json` prints: `{"answer", "citations", "mode", "covered"}` in that order,
/// each citation `{"n", "url", "source", "title", "headings"}`.
public struct AskResult: Sendable, Encodable {
    public var answer: String
    public var citations: [Citation]
    public var mode: AnswerMode
    public var covered: Bool

    public init(answer: String, citations: [Citation], mode: AnswerMode, covered: Bool) {
        self.answer = answer
        self.citations = citations
        self.mode = mode
        self.covered = covered
    }

    /// The JSON text (`ContractJSONEncoder`: strings, numbers and booleans only, so it cannot fail).
    public func json() -> String {
        (try? ContractJSONEncoder().encode(self)) ?? "{}"
    }
}

/// Retrieved chunks grouped by the section they belong to (same URL, anchor included), in the
/// order retrieval ranked their best chunk.
public struct SourceSection: Sendable, Equatable {
    public var url: String
    public var source: String
    public var title: String
    public var headings: [String]
    /// The section's retrieved chunks, in book order.
    public var chunks: [SearchResult]
    /// Text of the retrieved chunks, in book order.
    public var text: String { chunks.map(\.text).joined(separator: "\n") }

    public static func group(_ results: [SearchResult]) -> [SourceSection] {
        var order: [String] = []
        var byURL: [String: SourceSection] = [:]
        for r in results {
            if byURL[r.url] == nil {
                order.append(r.url)
                byURL[r.url] = SourceSection(url: r.url, source: r.source, title: r.title, headings: r.headings, chunks: [])
            }
            if !byURL[r.url]!.chunks.contains(where: { $0.chunkID == r.chunkID }) { byURL[r.url]!.chunks.append(r) }
        }
        return order.map { url in
            var s = byURL[url]!
            s.chunks.sort { $0.chunkID < $1.chunkID }
            return s
        }
    }

    public func citation(_ n: Int) -> Citation {
        Citation(n: n, url: url, source: source, title: title, headings: headings)
    }
}

/// Hands out citation numbers in the order an answer first uses each section.
public struct CitationNumbering: Sendable {
    public private(set) var citations: [Citation] = []

    public init() {}

    /// Continues a numbering already shown to the reader.
    public init(seed: [Citation]) {
        citations = seed
    }

    /// The number of `result`'s section, allocating the next one on first use.
    public mutating func number(for result: SearchResult) -> Int {
        if let c = citations.first(where: { $0.url == result.url }) { return c.n }
        let c = Citation(result, n: citations.count + 1)
        citations.append(c)
        return c.n
    }
}
