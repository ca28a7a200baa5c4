import Foundation
import QuireSupport

/// An index loaded in memory, ready to answer queries. Immutable, so one instance serves
/// any number of concurrent requests.
///
/// The server does:
///
///     let index = try SearchIndex(contentsOf: url, expectedModelHash: embedder.modelHash)
///     let results = index.search(q, queryVector: try embedder.embed([q])[0], k: 5, collapsePages: false)
///     SearchResponse(query: q, tookMs: ms, results: results).json()
public final class SearchIndex: Sendable {
    public let contents: IndexContents
    public let options: RetrievalOptions
    let tokenizer = Tokenizer()

    public var metadata: IndexMetadata { contents.metadata }

    /// Loads and validates `url` (see `IndexReader`). With `expectedModelHash`, an index built
    /// with another model is refused with a `QuireError` (`index-model`).
    public convenience init(contentsOf url: URL, expectedModelHash: String?, options: RetrievalOptions = RetrievalOptions()) throws {
        self.init(contents: try IndexReader.read(contentsOf: url, expectedModelHash: expectedModelHash), options: options)
    }

    public init(contents: IndexContents, options: RetrievalOptions = RetrievalOptions()) {
        self.contents = contents
        self.options = options
    }

    /// Top `k` chunks for `query`. `queryVector` is the query's embedding by the index's
    /// model (empty: lexical only). With `collapsePages`, at most one chunk per page (its best).
    public func search(_ query: String, queryVector: [Float], k: Int, collapsePages: Bool,
                       options override: RetrievalOptions? = nil) -> [SearchResult] {
        let o = override ?? options
        let n = contents.chunks.count
        guard n > 0, k > 0 else { return [] }
        var fusion = o.fusion
        let hasVector = queryVector.count == contents.vectors.dimensions
        if !hasVector, fusion != .bm25 { fusion = .bm25 }

        let depth = min(n, max(o.candidates, k))
        var lexical: [Float] = []
        var lexicalTop: [Int] = []
        if fusion != .dense {
            lexical = contents.lexical.scores(tokenizer.terms(query), parameters: o.bm25 ?? contents.metadata.bm25)
            lexicalTop = topK(lexical, depth).filter { lexical[$0] > 0 }
        }
        var dense: [Float] = []
        var denseTop: [Int] = []
        if fusion != .bm25 {
            dense = contents.vectors.dotProducts(queryVector)
            denseTop = topK(dense, depth)
            if o.rescore {
                for i in denseTop { dense[i] = contents.vectors.exactDot(queryVector, i) }
                denseTop.sort { dense[$0] > dense[$1] || (dense[$0] == dense[$1] && $0 < $1) }
            }
        }

        var fused: [(Int, Double)]
        switch fusion {
        case .bm25:
            fused = lexicalTop.map { ($0, Double(lexical[$0])) }
        case .dense:
            fused = denseTop.map { ($0, Double(dense[$0])) }
        case .rrf:
            var score: [Int: Double] = [:]
            for (r, i) in lexicalTop.enumerated() { score[i, default: 0] += 1 / (o.rrfK + Double(r + 1)) }
            for (r, i) in denseTop.enumerated() { score[i, default: 0] += 1 / (o.rrfK + Double(r + 1)) }
            let best = 2 / (o.rrfK + 1)
            fused = score.map { ($0.key, $0.value / best) }
        case .mix:
            var union = Set(lexicalTop)
            union.formUnion(denseTop)
            let ids = Array(union)
            if o.rescore {
                for i in ids where !denseTop.contains(i) { dense[i] = contents.vectors.exactDot(queryVector, i) }
            }
            let (lmin, lmax) = range(ids.map { lexical[$0] })
            let (dmin, dmax) = range(ids.map { dense[$0] })
            let w = o.denseWeight
            fused = ids.map { i in
                let l = lmax > lmin ? Double((lexical[i] - lmin) / (lmax - lmin)) : (lmax > 0 ? 1 : 0)
                let d = dmax > dmin ? Double((dense[i] - dmin) / (dmax - dmin)) : 1
                return (i, w * d + (1 - w) * l)
            }
        }
        fused.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }

        var results: [SearchResult] = []
        var seenPages = Set<Int>()
        for (i, s) in fused {
            let chunk = contents.chunks[i]
            if collapsePages, !seenPages.insert(chunk.page).inserted { continue }
            let page = contents.pages[chunk.page]
            results.append(SearchResult(rank: results.count + 1, score: s, source: page.source,
                                        url: page.url + (chunk.anchor.map { "#" + $0 } ?? ""), title: page.title,
                                        headings: chunk.headings, text: chunk.text, chunkID: i))
            if results.count == k { break }
        }
        return results
    }

    private func range(_ xs: [Float]) -> (Float, Float) {
        guard let lo = xs.min(), let hi = xs.max() else { return (0, 0) }
        return (lo, hi)
    }
}
