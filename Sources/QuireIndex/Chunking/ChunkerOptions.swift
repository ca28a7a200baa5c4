/// Chunk sizes, in word pieces as the embedder counts them.
public struct ChunkerOptions: Sendable, Codable, Equatable {
    /// Hard limit for prefix + text + [CLS]/[SEP]: MiniLM silently truncates beyond 256.
    public var maxTokens: Int
    /// A section bigger than `maxTokens` is cut into parts of about equal size, none bigger
    /// than this (prefix included).
    public var targetTokens: Int
    /// A section whose text is smaller than this merges with a neighbour when both fit.
    public var minTokens: Int
    /// The last sentence of a part is repeated at the start of the next when it is at most
    /// this long (prose only; code, lists and tables never overlap).
    public var overlapTokens: Int

    public init(maxTokens: Int = 256, targetTokens: Int = 256, minTokens: Int = 48, overlapTokens: Int = 40) {
        self.maxTokens = maxTokens
        self.targetTokens = targetTokens
        self.minTokens = minTokens
        self.overlapTokens = overlapTokens
    }

    enum CodingKeys: String, CodingKey {
        case maxTokens = "max_tokens", targetTokens = "target_tokens", minTokens = "min_tokens", overlapTokens = "overlap_tokens"
    }
}
