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
    /// Plain text of the chunk, without the prefix.
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

    /// What the embedder sees: the prefix, a newline, the text (its math without delimiters).
    public static func embeddedText(title: String, headings: [String], text: String) -> String {
        let p = prefix(title: title, headings: headings)
        let body = MathText.withoutDelimiters(text)
        return p.isEmpty ? body : p + "\n" + body
    }
}
