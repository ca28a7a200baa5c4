/// A tiny deterministic embedder for tests of other targets: no model files, no BLAS.
///
/// Each lowercased alphanumeric word adds ±1 to a few hashed dimensions; the sum is
/// L2-normalised. Texts sharing words get a positive cosine, which is enough to exercise
/// retrieval code. Tokens are counted as words + 2 ([CLS] and [SEP]).
public struct HashEmbedder: Embedder {
    public let id = "hash-embedder"
    public let modelHash = "hash-embedder-v1"
    public let dimensions: Int

    public init(dimensions: Int = 64) {
        precondition(dimensions > 0)
        self.dimensions = dimensions
    }

    public func tokenCount(_ text: String) -> Int {
        Self.words(text).count + 2
    }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        texts.map(vector)
    }

    func vector(_ text: String) -> [Float] {
        var v = [Float](repeating: 0, count: dimensions)
        for word in Self.words(text) {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in word.utf8 {
                h ^= UInt64(b)
                h &*= 0x0000_0100_0000_01b3
            }
            for k in 0..<3 {
                let bits = h >> UInt64(k * 21)
                v[Int(bits % UInt64(dimensions))] += (bits >> 20) & 1 == 0 ? 1 : -1
            }
        }
        var norm: Float = 0
        for x in v { norm += x * x }
        if norm == 0 {
            v[0] = 1
            return v
        }
        let inv = 1 / norm.squareRoot()
        return v.map { $0 * inv }
    }

    static func words(_ text: String) -> [Substring] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
    }
}
