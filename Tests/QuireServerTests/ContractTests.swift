import Foundation
import NIOHTTP1
import QuireIndex
import QuireServer
import QuireSupport
import Testing

/// The HTTP contract byte for byte, through the router in process (HummingbirdTesting):
/// JSON spacing and key order, both error shapes, 405/`Allow` for every route, preflights,
/// bounded metric labels, HEAD, and the generic 500.
@Suite struct ContractTests {
    @Test func bodiesAreContractJSONWithATrailingNewline() async throws {
        try await withApp { client, _, _ in
            let health = try await client.get("/api/health")
            #expect(health.body == "{\"status\": \"ok\"}\n")
            #expect(health.header("content-type") == "application/json; charset=utf-8")
            #expect(health.header("cache-control") == "no-store")
            #expect(health.header("x-request-id")?.isEmpty == false)
            let models = try await client.get("/v1/models")
            #expect(models.body == #"{"object": "list", "data": [{"id": "quire", "object": "model", "created": 0, "owned_by": "quire"}]}"# + "\n")
            let ready = try await client.get("/api/ready")
            #expect(ready.body.hasPrefix(#"{"status": "ready", "book": "Robots Book", "pages": 4, "chunks": "#))
            #expect(ready.body.contains(#", "embedder": "hash-embedder", "index_built": ""#))
            #expect(ready.body.hasSuffix(#"", "llm": "none"}"# + "\n"))
        }
    }

    @Test func searchIsTheSearchJSONObjectOfTheCLI() async throws {
        try await withApp { client, _, _ in
            let r = try await client.get("/api/search?q=jacobian+matrix&k=3")
            #expect(r.status == 200)
            #expect(r.body.hasPrefix(#"{"query": "jacobian matrix", "took_ms": "#))
            let hit = #/, "results": \[\{"rank": 1, "score": [0-9.]+, "source": "kinematics/02-inverse.md", "url": "/docs/kinematics/inverse[^"]*", "title": "Inverse Kinematics", "headings": \[[^\]]*\], "text": "/#
            #expect(r.body.contains(hit))
            // The same Codable type prints `quire search --json`: decoding the body and printing
            // it again gives the same bytes.
            let decoded = try JSONDecoder().decode(SearchResponse.self, from: Data(r.body.utf8))
            #expect(decoded.results.count == 3)
            #expect(decoded.json() + "\n" == r.body)
        }
    }

    @Test func errorShapesQuireAndOpenAI() async throws {
        try await withApp { client, _, _ in
            let missing = try await client.get("/api/search")
            #expect(missing.status == 400)
            #expect(missing.body == #"{"error": {"code": "invalid_request", "message": "missing query parameter 'q' (the search text)", "field": "q"}}"# + "\n")
            #expect(missing.header("cache-control") == "no-store")
            let chat = try await client.post("/v1/chat/completions", #"{"messages": []}"#)
            #expect(chat.status == 400)
            #expect(chat.body == #"{"error": {"message": "'messages' must be a non-empty array of {role, content}", "type": "invalid_request_error", "param": "messages", "code": "invalid_request"}}"# + "\n")
            let wrongMethod = try await client.get("/v1/chat/completions")
            #expect(wrongMethod.status == 405 && wrongMethod.header("allow") == "POST")
            #expect(wrongMethod.body == #"{"error": {"message": "use POST for /v1/chat/completions", "type": "invalid_request_error", "param": null, "code": "method_not_allowed"}}"# + "\n")
            let unknown = try await client.get("/v1/embeddings")
            #expect(unknown.status == 404)
            #expect(unknown.body == #"{"error": {"code": "not_found", "message": "no such API route: GET /v1/embeddings"}}"# + "\n")
            let notJSON = try await client.post("/api/ask", "{not json")
            #expect(notJSON.body == #"{"error": {"code": "invalid_json", "message": "the request body is not valid JSON"}}"# + "\n")
            let history = try await client.post("/api/ask", #"{"question": "x", "history": [{"role": "user", "content": "a"}, {"role": "user"}]}"#)
            #expect(history.status == 400 && (history.json["error"] as? [String: Any])?["field"] as? String == "history[1]")
            let chatTurn = try await client.post("/v1/chat/completions", #"{"messages": [{"role": "user", "content": 7}]}"#)
            #expect((chatTurn.json["error"] as? [String: Any])?["param"] as? String == "messages[0].content")
        }
    }

    @Test func everyRouteAnswersOtherMethodsWith405AndPreflightsWith204() async throws {
        let routes: [(String, String)] = [
            ("/api/health", "GET, HEAD"), ("/api/ready", "GET, HEAD"), ("/api/search", "GET"), ("/api/ask", "POST"),
            ("/api/feedback", "POST"), ("/api/admin/reload", "POST"), ("/v1/models", "GET"), ("/v1/chat/completions", "POST"),
            ("/metrics", "GET"),
        ]
        try await withApp { client, _, _ in
            for (path, allow) in routes {
                let method: HTTPMethod = allow.hasPrefix("GET") ? .DELETE : .GET
                let r = try await client.request(method, path)
                #expect(r.status == 405, "\(path)")
                #expect(r.header("allow") == allow, "\(path)")
                #expect((r.json["error"] as? [String: Any])?["code"] as? String == "method_not_allowed", "\(path)")
                let preflight = try await client.request(.OPTIONS, path)
                #expect(preflight.status == 204 && preflight.header("allow") == "GET, POST, OPTIONS", "\(path)")
            }
            let unknownPreflight = try await client.request(.OPTIONS, "/api/nope")
            #expect(unknownPreflight.status == 204)
            let sitePreflight = try await client.request(.OPTIONS, "/docs/intro")
            #expect(sitePreflight.status == 405 && sitePreflight.header("allow") == "GET, HEAD")
        }
    }

    @Test func metricLabelsStayBounded() async throws {
        try await withApp { client, _, _ in
            _ = try await client.get("/api/nope-\(UUID().uuidString)")
            _ = try await client.get("/docs/intro")
            _ = try await client.post("/api/search", "{}")
            _ = try await client.get("/api/search?q=lidar")
            let m = try await client.get("/metrics").body
            #expect(m.contains(#"quire_http_requests_total{route="unknown_api",method="GET",status="404"} 1"#))
            #expect(m.contains(#"quire_http_requests_total{route="static",method="GET",status="200"} 1"#))
            #expect(m.contains(#"quire_http_requests_total{route="/api/search",method="POST",status="405"} 1"#))
            #expect(m.contains(#"quire_http_requests_total{route="/api/search",method="GET",status="200"} 1"#))
            #expect(!m.contains("nope-"))
        }
    }

    @Test func routesMatchWithATrailingSlash() async throws {
        try await withApp { client, _, _ in
            let r = try await client.get("/api/health/")
            #expect(r.status == 200 && r.body == "{\"status\": \"ok\"}\n")
        }
    }

    @Test func headHasTheHeadersOfGetAndNoBody() async throws {
        try await withApp { client, _, _ in
            let get = try await client.get("/api/health")
            let head = try await client.request(.HEAD, "/api/health")
            #expect(head.status == 200 && head.body.isEmpty)
            #expect(head.header("content-length") == String(get.body.utf8.count))
            #expect(head.header("content-type") == "application/json; charset=utf-8")
        }
    }

    @Test func anUnexpectedErrorIsAGeneric500WithTheRequestID() async throws {
        // The data "directory" is a file: writing the feedback log fails inside the route.
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("quire-blocker-\(UUID().uuidString)")
        try Data("not a folder".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        try await withApp({ $0.dataDirectory = blocker }) { client, _, _ in
            let issued = IssuedID.process.issue()  // feedback is only taken for answers the server gave
            let r = try await client.post("/api/feedback", #"{"answer_id": "\#(issued)", "vote": "up"}"#)
            #expect(r.status == 500)
            let id = try #require(r.header("x-request-id"))
            #expect(r.body == #"{"error": {"code": "internal_error", "message": "something went wrong on the server; the error was logged with request id \#(id)"}}"# + "\n")
            #expect(!r.body.contains("not a folder") && !r.body.contains("POSIX"))
        }
    }

    @Test func logLinesAreContractJSON() async throws {
        try await withApp { client, _, dir in
            let id = IssuedID.process.issue()
            let f = try await client.post("/api/feedback", #"{"answer_id": "\#(id)", "vote": "up", "comment": "say \"more\"\n"}"#)
            #expect(f.status == 201 && f.body == "{\"status\": \"recorded\"}\n")
            let line = try String(contentsOf: dir.appendingPathComponent("data/feedback.jsonl"), encoding: .utf8)
            #expect(line.hasPrefix(#"{"time": ""#))
            #expect(line.hasSuffix(#"", "answer_id": "\#(id)", "vote": "up", "comment": "say \"more\"\n"}"# + "\n"))
        }
    }
}
