import CCmarkGFM

/// Renders Docusaurus-flavoured Markdown (body only, front matter already removed).
///
/// Two passes: a line pass (`Preprocessor`) takes out what cmark-gfm cannot parse
/// (admonitions, JSX, MDX import/export, math, `mdx-code-block`) and leaves markers on the
/// same lines; cmark-gfm parses the rest (GFM tables, strikethrough, autolinks, task lists)
/// and `HTMLWriter` walks the tree, writing safe HTML. Stateless and `Sendable`: one
/// renderer can serve many threads at once.
public struct MarkdownRenderer: Sendable {
    /// Deepest nesting of Markdown a page may have: lists, quotes, emphasis, links and the
    /// document itself, counted together. The HTML writer recurses once per level on a
    /// worker thread's small stack; a page past the limit is an error (`MarkdownDocument.errors`),
    /// not a crash. Real pages stay under 20.
    public static let maxNesting = 100
    /// Widest table (columns) and biggest table (cells, short rows counted as padded to the
    /// header's width): cmark-gfm's table parsing is quadratic in the columns. Over either is
    /// an error naming the delimiter row's line.
    public static let maxTableColumns = TableLimits.maxColumns
    public static let maxTableCells = TableLimits.maxCells

    public init() {}

    /// - Parameters:
    ///   - source: the Markdown body.
    ///   - lineOffset: lines that preceded `source` in the file (front matter), added to reported lines.
    ///   - resolveLink: rewrites link destinations.
    public func render(_ source: String, lineOffset: Int = 0, resolveLink: LinkResolver = { _ in nil }) -> MarkdownDocument {
        var bytes = Array(source.utf8)
        bytes.removeAll(where: { $0 == 0 })
        var pre = Preprocessor(bytes)
        let result = pre.run()
        return withoutActuallyEscaping(resolveLink) { resolve in
            Self.write(result, lineOffset: lineOffset, resolveLink: resolve)
        }
    }

    private static func write(_ result: Preprocessed, lineOffset: Int, resolveLink: @escaping LinkResolver) -> MarkdownDocument {
        let writer = HTMLWriter(pre: result, lineOffset: lineOffset, resolveLink: resolveLink)
        if let table = TableLimits.firstViolation(result.text) {
            writer.errors.append(MarkdownWarning(line: table.line + lineOffset, message: table.message))
        } else {
            Cmark.withDocument(result.text) { doc in
                if writer.checkNesting(doc) { writer.renderBlock(doc) }
            }
        }
        var warnings = result.warnings.map { MarkdownWarning(line: $0.line + lineOffset, message: $0.message) }
        warnings += writer.warnings
        warnings.sort { $0.line < $1.line }
        return MarkdownDocument(
            html: String(bytes: writer.out),
            headings: writer.headings,
            links: writer.links,
            extraAnchors: writer.extraAnchors,
            blocks: writer.blocks,
            warnings: warnings,
            errors: writer.errors,
            usesMath: result.usesMath,
            usesMermaid: writer.usesMermaid,
            usesTabs: result.usesTabs,
            usesCode: writer.usesCode)
    }
}
