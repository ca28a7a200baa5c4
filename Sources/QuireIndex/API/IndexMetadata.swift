import Foundation

/// The metadata section (JSON, snake_case keys). Unknown keys are ignored by readers.
public struct IndexMetadata: Codable, Sendable, Equatable {
    public var formatVersion: Int
    public var bookTitle: String
    /// ISO 8601, UTC.
    public var buildTime: String
    public var embedderID: String
    public var modelHash: String
    public var dimensions: Int
    public var pageCount: Int
    public var chunkCount: Int
    public var termCount: Int
    public var postingCount: Int
    /// Identifies the term pipeline (tokenizer, stop words, stemmer) the lexicon was built with.
    public var analyzer: String
    public var chunker: ChunkerOptions
    public var bm25: BM25Parameters

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", bookTitle = "book_title", buildTime = "build_time"
        case embedderID = "embedder_id", modelHash = "model_hash", dimensions
        case pageCount = "pages", chunkCount = "chunks", termCount = "terms", postingCount = "postings"
        case analyzer, chunker, bm25
    }

    public static let currentAnalyzer = "unicode-words+snowball-stop+porter2(snowball-3.1)"
}
