import Foundation

/// Inverted index over chunks: sorted terms, and per term the chunks it occurs in with its
/// body frequency and two field bits (in the heading path, in the page title).
///
/// A posting packs `tf << 2 | inTitle << 1 | inHeadings` into one integer (body tf is capped
/// at 16,383, which no chunk reaches).
public struct LexicalIndex: Sendable, Equatable {
    /// Sorted (by UTF-8 bytes).
    public internal(set) var terms: [String]
    /// Postings of term `t` are `start[t]..<start[t+1]`.
    var start: [Int]
    var docs: [UInt32]
    var packed: [UInt16]
    /// Body length of each chunk, in terms.
    public internal(set) var lengths: [UInt32]
    var termIDs: [String: Int]

    public var postingCount: Int { docs.count }
    public var chunkCount: Int { lengths.count }

    init(terms: [String], start: [Int], docs: [UInt32], packed: [UInt16], lengths: [UInt32]) {
        self.terms = terms
        self.start = start
        self.docs = docs
        self.packed = packed
        self.lengths = lengths
        var ids: [String: Int] = [:]
        ids.reserveCapacity(terms.count)
        for (i, t) in terms.enumerated() { ids[t] = i }
        self.termIDs = ids
    }

    public static func == (a: LexicalIndex, b: LexicalIndex) -> Bool {
        a.terms == b.terms && a.start == b.start && a.docs == b.docs && a.packed == b.packed && a.lengths == b.lengths
    }

    /// Builds the index of `chunks` (titles come from `pages`).
    public static func build(chunks: [Chunk], pages: [IndexedPage], tokenizer: Tokenizer = Tokenizer()) -> LexicalIndex {
        var stemCache: [String: String?] = [:]
        func analyze(_ text: String) -> [String] {
            var out: [String] = []
            tokenizer.words(text) { w in
                if let cached = stemCache[w] {
                    if let t = cached { out.append(t) }
                } else {
                    let t = tokenizer.term(w)
                    stemCache[w] = t
                    if let t { out.append(t) }
                }
            }
            return out
        }
        let titleTerms: [Set<String>] = pages.map { Set(analyze($0.title)) }
        // term -> [(doc, packed)]
        var postings: [String: [(UInt32, UInt16)]] = [:]
        var lengths: [UInt32] = []
        lengths.reserveCapacity(chunks.count)
        for (d, chunk) in chunks.enumerated() {
            let body = analyze(chunk.text)
            lengths.append(UInt32(body.count))
            var tf: [String: Int] = [:]
            for t in body { tf[t, default: 0] += 1 }
            let headingSet = Set(analyze(chunk.headings.joined(separator: " ")))
            let titleSet = chunk.page < titleTerms.count ? titleTerms[chunk.page] : []
            var all = Set(tf.keys)
            all.formUnion(headingSet)
            all.formUnion(titleSet)
            for t in all {
                let f = min(tf[t] ?? 0, 16_383)
                let p = UInt16(f << 2) | (titleSet.contains(t) ? 2 : 0) | (headingSet.contains(t) ? 1 : 0)
                postings[t, default: []].append((UInt32(d), p))
            }
        }
        let terms = postings.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var start: [Int] = [0]
        var docs: [UInt32] = []
        var packed: [UInt16] = []
        for t in terms {
            for (d, p) in postings[t]! {
                docs.append(d)
                packed.append(p)
            }
            start.append(docs.count)
        }
        return LexicalIndex(terms: terms, start: start, docs: docs, packed: packed, lengths: lengths)
    }

    /// BM25 scores of every chunk for `queryTerms` (duplicates count once).
    func scores(_ queryTerms: [String], parameters p: BM25Parameters) -> [Float] {
        let n = lengths.count
        var out = [Float](repeating: 0, count: n)
        guard n > 0 else { return out }
        let total = lengths.reduce(0) { $0 + Int($1) }
        let avg = max(1, Float(total) / Float(n))
        var seen = Set<Int>()
        for term in queryTerms {
            guard let t = termIDs[term], seen.insert(t).inserted else { continue }
            let df = Float(start[t + 1] - start[t])
            let idf = logf(1 + (Float(n) - df + 0.5) / (df + 0.5))
            for i in start[t]..<start[t + 1] {
                let d = Int(docs[i])
                let bits = packed[i]
                let tf = Float(bits >> 2)
                let norm = 1 - p.b + p.b * Float(lengths[d]) / avg
                var w = tf / norm
                if bits & 1 != 0 { w += p.headingWeight }
                if bits & 2 != 0 { w += p.titleWeight }
                out[d] += idf * w * (p.k1 + 1) / (w + p.k1)
            }
        }
        return out
    }
}
