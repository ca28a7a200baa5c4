/// The seam between the embedding model and its users (chunker, index, server).
public protocol Embedder: Sendable {
    /// Stable identifier of the model, stored in the index (e.g. "all-MiniLM-L6-v2").
    var id: String { get }
    /// Hash of the model files, stored in the index so a mismatch is detected.
    var modelHash: String { get }
    var dimensions: Int { get }
    /// How passages are encoded when that changes their vectors ("" for the exact ones; "int8"),
    /// so vectors reused from an earlier index or a cache come from the same arithmetic.
    var vectorVariant: String { get }
    /// Number of word pieces `text` becomes, [CLS] and [SEP] included, before truncation.
    func tokenCount(_ text: String) -> Int
    /// L2-normalised embeddings, one per text, in order.
    func embed(_ texts: [String]) throws -> [[Float]]
    /// L2-normalised embedding of one short text (a search query); may take a faster path.
    func embedQuery(_ text: String) throws -> [Float]
    /// Several queries in one pass (micro-batching); each vector equals `embedQuery` of its text.
    /// `split`: threads each product may be divided among (nil: the embedder's choice).
    func embedQueries(_ texts: [String], split: Int?) throws -> [[Float]]
}

extension Embedder {
    public var vectorVariant: String { "" }

    public func embedQuery(_ text: String) throws -> [Float] {
        try embed([text])[0]
    }

    public func embedQueries(_ texts: [String], split: Int?) throws -> [[Float]] {
        try texts.map(embedQuery)
    }
}
