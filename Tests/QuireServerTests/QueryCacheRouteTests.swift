import Foundation
import QuireServer
import Testing

/// The query-vector cache behind `/api/search`, as an operator sees it: a repeated question
/// (any case or spacing) is a cache hit in /metrics, and a reload starts a new, empty cache.
@Suite struct QueryCacheRouteTests {
    static func gauge(_ metrics: String, _ name: String) -> Int? {
        for line in metrics.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ").last ?? "").map { Int($0) }
        }
        return nil
    }

    @Test func repeatedQuestionsHitTheCacheAndAReloadEmptiesIt() async throws {
        try await withApp({ $0.adminToken = "0123456789abcdef-token" }) { client, _, _ in
            let first = try await client.get("/api/search?q=What+does+a+LIDAR+measure%3F&k=3")
            #expect(first.status == 200)
            let again = try await client.get("/api/search?q=what+does+a++lidar+MEASURE%3F&k=3")
            #expect(again.status == 200)
            // Same results either way: the vector is the same.
            #expect((first.json["results"] as? [[String: Any]])?.map { $0["url"] as? String } ==
                    (again.json["results"] as? [[String: Any]])?.map { $0["url"] as? String })
            var m = try await client.get("/metrics").body
            #expect(Self.gauge(m, "quire_query_cache_hits") == 1, "\(m)")
            #expect(Self.gauge(m, "quire_query_cache_misses") == 1)
            #expect(Self.gauge(m, "quire_query_encoder_queries") == 1)

            let reload = try await client.post("/api/admin/reload", "", headers: [("Authorization", "Bearer 0123456789abcdef-token")])
            #expect(reload.status == 200)
            _ = try await client.get("/api/search?q=What+does+a+LIDAR+measure%3F&k=3")
            m = try await client.get("/metrics").body
            // The reloaded index has its own encoder: the question is encoded again.
            #expect(Self.gauge(m, "quire_query_cache_hits") == 0, "\(m)")
            #expect(Self.gauge(m, "quire_query_cache_misses") == 1)
        }
    }
}
