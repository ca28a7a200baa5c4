/// Everything an index file holds, decoded and validated.
public struct IndexContents: Sendable, Equatable {
    public var metadata: IndexMetadata
    public var pages: [IndexedPage]
    public var chunks: [Chunk]
    public var vectors: QuantizedVectors
    public var lexical: LexicalIndex

    public init(metadata: IndexMetadata, pages: [IndexedPage], chunks: [Chunk], vectors: QuantizedVectors, lexical: LexicalIndex) {
        self.metadata = metadata
        self.pages = pages
        self.chunks = chunks
        self.vectors = vectors
        self.lexical = lexical
    }

    /// The text the embedder saw for chunk `i` (prefix + text).
    public func embeddedText(_ i: Int) -> String {
        let c = chunks[i]
        return Chunk.embeddedText(title: pages[c.page].title, headings: c.headings, text: c.text)
    }
}
