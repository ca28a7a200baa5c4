import Foundation
import QuireEmbedding
import QuireIndex
import QuireSupport

/// Deterministic stand-in for MiniLM: a hashed bag of stemmed words, 64-d, L2-normalised.
/// `tokenCount` approximates word pieces: per white-space word, 1 piece per 6 characters
/// (at least 1) plus one per punctuation character, and 2 for [CLS]/[SEP] — additive over
/// white-space joins, like real WordPiece.
public final class TestEmbedder: Embedder, Sendable {
    public let id: String
    public let modelHash: String
    /// "int8" stands for passages encoded in int8 (the id gets "+int8", as MiniLM's does).
    public let vectorVariant: String
    public let dimensions = 64
    private let embedded = AtomicCounter()
    /// Texts embedded so far (tests of vector reuse count them).
    public var embeddedCount: Int { embedded.value }

    public init(modelHash: String = "test-model-1", vectorVariant: String = "") {
        self.modelHash = modelHash
        self.vectorVariant = vectorVariant
        id = vectorVariant.isEmpty ? "test-embedder" : "test-embedder+" + vectorVariant
    }

    public func tokenCount(_ text: String) -> Int {
        var n = 2
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            let punct = word.unicodeScalars.filter { !($0.properties.isAlphabetic || $0.properties.numericType != nil) }.count
            n += max(1, (word.count - punct + 5) / 6) + punct
        }
        return n
    }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        for _ in texts { embedded.increment() }
        return texts.map(Self.vector)
    }

    public static func vector(_ text: String) -> [Float] {
        var v = [Float](repeating: 0, count: 64)
        for t in Tokenizer().terms(text) {
            var h: UInt64 = 1469598103934665603
            for b in t.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
            v[Int(h % 64)] += (h >> 32) & 1 == 0 ? 1 : -1
        }
        let norm = sqrt(v.reduce(0) { $0 + $1 * $1 })
        return norm > 0 ? v.map { $0 / norm } : v
    }
}
