import Foundation
import NIOHTTP1
import QuireServer
import Testing

/// The remaining routes and error codes: HEAD probes, `/v1/models`, admin routes turned off,
/// feedback without a data directory, CORS preflight on other routes.
@Suite struct RouteEdgeTests {
    @Test func probesModelsAndOffSwitches() async throws {
        try await withApp({ $0.dataDirectory = nil }) { client, _, _ in
            let head = try await client.request(.HEAD, "/api/ready")
            #expect(head.status == 200 && head.body.isEmpty)
            let models = try await client.get("/v1/models")
            #expect(models.status == 200 && models.json["object"] as? String == "list")
            #expect(((models.json["data"] as? [[String: Any]])?.first?["id"] as? String) == "quire")
            let unknownV1 = try await client.get("/v1/embeddings")
            #expect(unknownV1.status == 404 && (unknownV1.json["error"] as? [String: Any])?["code"] as? String == "not_found")
            // No QUIRE_ADMIN_TOKEN: admin routes do not exist.
            let admin = try await client.post("/api/admin/reload", "", headers: [("Authorization", "Bearer 0123456789abcdef-token")])
            #expect(admin.status == 404)
            // No data directory: feedback is refused with 503, not lost silently.
            let fb = try await client.post("/api/feedback", #"{"answer_id": "abc", "vote": "up"}"#)
            #expect(fb.status == 503 && (fb.json["error"] as? [String: Any])?["code"] as? String == "feedback_off")
            let wrongMethod = try await client.post("/api/health", "{}")
            #expect(wrongMethod.status == 405 && wrongMethod.header("allow") == "GET, HEAD")
            let metricsPost = try await client.post("/metrics", "{}")
            #expect(metricsPost.status == 405)
        }
    }

    @Test func wrongAdminTokenIs401() async throws {
        try await withApp({ $0.adminToken = "0123456789abcdef-token" }) { client, _, _ in
            let wrong = try await client.post("/api/admin/reload", "", headers: [("Authorization", "Bearer 0123456789abcdef-nope!")])
            #expect(wrong.status == 401 && wrong.header("www-authenticate") == "Bearer")
            let ok = try await client.post("/api/admin/reload", "", headers: [("Authorization", "Bearer 0123456789abcdef-token")])
            #expect(ok.status == 200 && ok.json["status"] as? String == "reloaded")
        }
    }
}
