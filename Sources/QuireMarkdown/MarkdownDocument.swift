/// What rendering one page's Markdown produces. Contract used by QuireSite (HTML, TOC,
/// link checking) and QuireIndex (chunking from `blocks`, not from HTML).
public struct MarkdownDocument: Sendable {
    /// The page body as HTML (no <html>/<body>); safe: raw <script> and on* attributes removed.
    public var html: String
    /// Every heading in document order, with its final (de-duplicated or custom) id.
    public var headings: [Heading]
    /// Every link in the source, as written and after `LinkResolver` rewrote it.
    public var links: [Link]
    /// Ids of other anchors defined in the page (e.g. `<a id="x">`, `<div id="x">`).
    public var extraAnchors: [String]
    /// Plain-text blocks in document order (for chunking and search snippets).
    public var blocks: [Block]
    /// Warnings (unknown JSX component, ...) with 1-based lines in the *file*.
    public var warnings: [MarkdownWarning]
    /// Problems that make the page unusable (nesting deeper than `MarkdownRenderer.maxNesting`,
    /// a table over `maxTableColumns` / `maxTableCells`),
    /// with 1-based lines in the file: the build fails on them. `html` is then empty.
    public var errors: [MarkdownWarning]
    /// Features the page needs scripts for.
    public var usesMath: Bool
    public var usesMermaid: Bool
    public var usesTabs: Bool
    public var usesCode: Bool

    public init(html: String = "", headings: [Heading] = [], links: [Link] = [], extraAnchors: [String] = [],
                blocks: [Block] = [], warnings: [MarkdownWarning] = [], errors: [MarkdownWarning] = [],
                usesMath: Bool = false, usesMermaid: Bool = false, usesTabs: Bool = false, usesCode: Bool = false) {
        self.html = html; self.headings = headings; self.links = links; self.extraAnchors = extraAnchors
        self.blocks = blocks; self.warnings = warnings; self.errors = errors
        self.usesMath = usesMath; self.usesMermaid = usesMermaid; self.usesTabs = usesTabs; self.usesCode = usesCode
    }

    /// The text of the first level-1 heading, if any (the page title fallback).
    public var firstH1: String? { headings.first(where: { $0.level == 1 })?.text }
}

public struct Heading: Sendable, Equatable {
    public var level: Int          // 1...6
    public var text: String        // plain text, Markdown removed
    public var id: String          // github-slugger id, or {#custom-id}
    public var line: Int           // 1-based line in the file
    public init(level: Int, text: String, id: String, line: Int) {
        self.level = level; self.text = text; self.id = id; self.line = line
    }
}

public struct Link: Sendable, Equatable {
    /// The destination exactly as written in the Markdown.
    public var original: String
    /// The destination written into the HTML (after the resolver).
    public var resolved: String
    public var line: Int
    public init(original: String, resolved: String, line: Int) {
        self.original = original; self.resolved = resolved; self.line = line
    }
}

public struct MarkdownWarning: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) { self.line = line; self.message = message }
    public var description: String { "\(line): \(message)" }
}

/// A block of plain text (no Markdown syntax, no HTML) for the chunker.
public struct Block: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case heading, paragraph, list, code, table, quote, math, other
    }
    public var kind: Kind
    /// Plain text. For `heading`, the heading text. For `list`, one item per line.
    /// For `table`, one row per line, cells separated by " | ", first line the header row.
    /// For `code`, the code as is. Admonition titles and tab labels appear as paragraphs.
    /// Inline math in paragraphs, lists, tables and quotes is TeX between `$` (`$\theta_1$`);
    /// in headings it is bare TeX; a `math` block is its bare TeX.
    public var text: String
    /// For `heading`: its level and id. For others: the nearest heading above (level 0 = none).
    public var headingLevel: Int
    public var headingID: String?
    /// Code language for `code` blocks.
    public var language: String?
    public var line: Int
    public init(kind: Kind, text: String, headingLevel: Int = 0, headingID: String? = nil, language: String? = nil, line: Int) {
        self.kind = kind; self.text = text; self.headingLevel = headingLevel; self.headingID = headingID
        self.language = language; self.line = line
    }
}

/// Rewrites link destinations (e.g. `../intro.md#x` → `/docs/intro#x`). Returns nil to
/// keep the destination as written.
public typealias LinkResolver = @Sendable (_ destination: String) -> String?
