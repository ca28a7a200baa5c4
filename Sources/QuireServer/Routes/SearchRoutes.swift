import Foundation
import Hummingbird
import QuireIndex

/// `GET /api/search?q=...&k=5` → the `search --json` object (`SearchResponse`), through the
/// loaded index's `Retriever` (its query cache and micro-batching; BM25 only, with a warning
/// in the log, when the query cannot be embedded).
struct SearchRoutes {
    typealias Context = QuireRequestContext
    let engines: EngineHolder
    let metrics: ServerMetrics
    let limits: RequestLimits

    func add(to api: some RouterMethods<Context>) {
        api.get("search") { request, context in
            try context.responseEncoder.encode(try await search(request, context), from: request, context: context)
        }
    }

    func search(_ request: Request, _ context: Context) async throws -> SearchResponse {
        let params = QueryParameters(request.uri.query)
        guard let q = params["q"]?.trimmingCharacters(in: .whitespacesAndNewlines), !q.isEmpty else {
            throw APIError.badRequest("missing query parameter 'q' (the search text)", field: "q")
        }
        guard q.count <= limits.maxQuestionLength else {
            throw APIError.badRequest("'q' is too long (\(q.count) characters; the limit is \(limits.maxQuestionLength))", field: "q", code: "too_long")
        }
        var k = 5
        if let s = params["k"] {
            guard let n = Int(s), (1...limits.maxK).contains(n) else {
                throw APIError.badRequest("'k' must be a whole number from 1 to \(limits.maxK)", field: "k")
            }
            k = n
        }
        let retriever = engines.serving.retriever
        let found = await retriever.retrieveCached(q, k: k)
        if let reason = found.fallbackReason, retriever.embedder != nil {
            context.logger.warning("query searched with BM25 only", metadata: ["reason": "\(reason)"])
        }
        metrics.retrieval.recordNanoseconds(Int64(found.nanoseconds))
        return SearchResponse(query: q, tookMs: found.milliseconds, results: found.results)
    }
}

/// Decoded query parameters (`+` is a space); the first of repeated keys wins.
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(kv[0])
            if values[key] == nil { values[key] = kv.count > 1 ? Self.decode(kv[1]) : "" }
        }
    }

    subscript(name: String) -> String? { values[name] }

    static func decode(_ s: Substring) -> String {
        let plus = s.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }
}
