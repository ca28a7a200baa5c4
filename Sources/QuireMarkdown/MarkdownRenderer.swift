import CCmarkGFM

/// Renders Docusaurus-flavoured Markdown (body only, front matter already removed).
public struct MarkdownRenderer: Sendable {
    public init() {}

    /// - Parameters:
    ///   - source: the Markdown body.
    ///   - lineOffset: lines that preceded `source` in the file (front matter), added to reported lines.
    ///   - resolveLink: rewrites link destinations.
    public func render(_ source: String, lineOffset: Int = 0, resolveLink: LinkResolver = { _ in nil }) -> MarkdownDocument {
        // Placeholder until the renderer lands.
        MarkdownDocument(html: "<p>" + source + "</p>")
    }
}
