import Foundation
import HTTPTypes
import Hummingbird
import QuireIndex

extension QuireResponder {
    /// `GET /api/search?q=...&k=5` → the `search --json` object.
    func search(_ request: Request) throws -> Response {
        let params = Self.query(request.uri.query)
        guard let q = params["q"]?.trimmingCharacters(in: .whitespacesAndNewlines), !q.isEmpty else {
            throw APIError.badRequest("missing query parameter 'q' (the search text)", field: "q")
        }
        guard q.count <= config.maxQuestionLength else {
            throw APIError.badRequest("'q' is too long (\(q.count) characters; the limit is \(config.maxQuestionLength))", field: "q", code: "too_long")
        }
        var k = 5
        if let s = params["k"] {
            guard let n = Int(s), (1...config.maxK).contains(n) else {
                throw APIError.badRequest("'k' must be a whole number from 1 to \(config.maxK)", field: "k")
            }
            k = n
        }
        let engine = engines.engine
        let start = DispatchTime.now().uptimeNanoseconds
        let vector = (try? engine.embedder?.embedQuery(q)) ?? []
        let results = engine.index.search(q, queryVector: vector, k: k, collapsePages: false)
        let ns = DispatchTime.now().uptimeNanoseconds - start
        metrics.retrieval.recordNanoseconds(Int64(ns))
        return .json(SearchResponse(query: q, tookMs: Double(ns) / 1e6, results: results).json() + "\n")
    }

    /// Decoded query parameters (`+` is a space); the first of repeated keys wins.
    static func query(_ query: String?) -> [String: String] {
        var out: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let plus = s.replacingOccurrences(of: "+", with: " ")
                return plus.removingPercentEncoding ?? plus
            }
            let key = decode(kv[0])
            if out[key] == nil { out[key] = kv.count > 1 ? decode(kv[1]) : "" }
        }
        return out
    }
}
