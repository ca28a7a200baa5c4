import QuireMarkdown

/// One page of the book as the index sees it: what `quire build` hands to `IndexBuilder`.
public struct IndexPage: Sendable, Equatable {
    /// The Markdown file's path relative to the content root, e.g. `kinematics/02-inverse.md`.
    public var source: String
    /// The page URL without host, e.g. `/docs/kinematics/inverse`.
    public var url: String
    public var title: String
    public var description: String?
    /// Plain-text blocks of the page in document order (`MarkdownDocument.blocks`).
    public var blocks: [Block]

    public init(source: String, url: String, title: String, description: String? = nil, blocks: [Block]) {
        self.source = source
        self.url = url
        self.title = title
        self.description = description
        self.blocks = blocks
    }
}

/// A page as stored in the index (no blocks: chunks hold the text).
public struct IndexedPage: Sendable, Equatable {
    public var source: String
    public var url: String
    public var title: String
    public var description: String

    public init(source: String, url: String, title: String, description: String) {
        self.source = source
        self.url = url
        self.title = title
        self.description = description
    }
}

/// One retrievable unit: a piece of a page's section, embedded with a context prefix.
public struct Chunk: Sendable, Equatable {
    /// Index into the page table.
    public var page: Int
    /// Heading path below the page title, outermost first (may be empty).
    public var headings: [String]
    /// Id of the nearest heading above the chunk, or nil at the top of the page.
    public var anchor: String?
    /// Plain text of the chunk, without the prefix: one block line per line; a list item's line
    /// starts with `listItemMarker`, math is between `$` (see `readableText`).
    public var text: String

    public init(page: Int, headings: [String], anchor: String?, text: String) {
        self.page = page
        self.headings = headings
        self.anchor = anchor
        self.text = text
    }

    /// `Title › Heading › Subheading`: the context embedded with the text.
    public static func prefix(title: String, headings: [String]) -> String {
        ([title] + headings).filter { !$0.isEmpty }.joined(separator: " › ")
    }

    /// Starts a list item's line in chunk text ("• "), so snippets show the list and answers
    /// quote an item whole. Not embedded and not counted (`readableText`).
    public static let listItemMarker = "\u{2022} "

    /// The text as the embedder reads it: list markers and math delimiters dropped, so vectors
    /// and chunk sizes do not depend on how the text is marked up for readers.
    public static func readableText(_ text: String) -> String {
        var t = text
        if t.contains("\u{2022}") {
            t = t.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(listItemMarker) ? $0.dropFirst(listItemMarker.count) : $0 }
                .joined(separator: "\n")
        }
        return MathText.withoutDelimiters(t)
    }

    /// What the embedder sees: the prefix, a newline, the readable text.
    public static func embeddedText(title: String, headings: [String], text: String) -> String {
        let p = prefix(title: title, headings: headings)
        let body = readableText(text)
        return p.isEmpty ? body : p + "\n" + body
    }
}
