import Foundation
import QuireAnswer
import QuireServer
import QuireTestSupport
import NIOHTTP1
import Testing

@Suite(.serialized) struct ServerRouteTests {
    @Test func healthReadyMetrics() async throws {
        try await withApp { client, _, _ in
            let h = try await client.get("/api/health")
            #expect(h.status == 200 && h.json["status"] as? String == "ok")
            #expect(h.header("x-request-id") != nil)
            let r = try await client.get("/api/ready")
            #expect(r.status == 200 && r.json["chunks"] as? Int ?? 0 > 0 && r.json["embedder"] as? String == "hash-embedder")
            _ = try await client.get("/api/search?q=jacobian")
            let m = try await client.get("/metrics")
            #expect(m.status == 200)
            #expect(m.body.contains("quire_http_requests_total{route=\"/api/search\""))
            #expect(m.body.contains("quire_http_request_duration_seconds_bucket"))
            #expect(m.body.contains("quire_retrieval_duration_seconds"))
        }
    }

    @Test func searchAndItsErrors() async throws {
        try await withApp { client, _, _ in
            let r = try await client.get("/api/search?q=jacobian+matrix&k=2")
            #expect(r.status == 200)
            #expect(r.json["query"] as? String == "jacobian matrix")
            let results = r.json["results"] as? [[String: Any]] ?? []
            #expect(results.count == 2)
            #expect((results.first?["url"] as? String)?.hasPrefix("/docs/kinematics/inverse") == true)
            #expect(r.body.hasPrefix("{\"query\": "))
            for (path, field) in [("/api/search", "q"), ("/api/search?q=%20", "q"), ("/api/search?q=x&k=0", "k"), ("/api/search?q=x&k=abc", "k"),
                                  ("/api/search?q=" + String(repeating: "a", count: 2_001), "q")] {
                let e = try await client.get(path)
                #expect(e.status == 400, "\(path)")
                #expect((e.json["error"] as? [String: Any])?["field"] as? String == field, "\(path)")
            }
            let m = try await client.post("/api/search", "{}")
            #expect(m.status == 405 && m.header("allow") == "GET")
        }
    }

    @Test func askJSONExtractiveWithCitations() async throws {
        try await withApp { client, _, _ in
            let r = try await client.post("/api/ask", #"{"question": "What does the Jacobian matrix relate?", "stream": false}"#)
            #expect(r.status == 200)
            let answer = r.json["answer"] as? String ?? ""
            #expect(r.json["mode"] as? String == "extractive")
            #expect(answer.hasPrefix(ExtractiveAnswerer.extractedNote))
            #expect(answer.contains("The Jacobian matrix relates joint velocities to end-effector velocities. [1]"))
            let citations = r.json["citations"] as? [[String: Any]] ?? []
            #expect(citations.first?["n"] as? Int == 1)
            #expect((citations.first?["url"] as? String)?.hasPrefix("/docs/kinematics/inverse") == true)
            #expect(citations.first?["title"] as? String == "Inverse Kinematics")
            #expect(r.json["cached"] as? Bool == false)
            let again = try await client.post("/api/ask", #"{"question": "what does the jacobian matrix relate?", "stream": false}"#)
            #expect(again.json["cached"] as? Bool == true)
            #expect(again.json["answer"] as? String == answer)
            let m = try await client.get("/metrics")
            #expect(m.body.contains("quire_answer_cache_hits_total 1"))
        }
    }

    @Test func askNotCoveredSaysSo() async throws {
        try await withApp { client, _, _ in
            let r = try await client.post("/api/ask", #"{"question": "Who won the football world cup in 1998?", "stream": false}"#)
            #expect(r.status == 200)
            let answer = r.json["answer"] as? String ?? ""
            #expect(answer.hasPrefix(ExtractiveAnswerer.notCoveredNote))
            #expect(answer.contains("- [1] "))
            #expect(r.json["covered"] as? Bool == false)
        }
    }

    @Test func askStreamsServerSentEvents() async throws {
        try await withServer { client, _, _ in
            let r = try await client.post("/api/ask", #"{"question": "How fast does a LIDAR scan?", "selection": "spinning LIDAR", "history": [{"role": "user", "content": "sensors"}, {"role": "assistant", "content": "ok"}]}"#)
            #expect(r.status == 200)
            #expect(r.header("content-type")?.hasPrefix("text/event-stream") == true)
            let events = r.events
            #expect(events.first?.event == "sources")
            #expect(events.last?.event == "done")
            #expect(events.dropFirst().dropLast().allSatisfy { $0.event == "delta" } && events.count >= 3)
            let text = events.filter { $0.event == "delta" }.compactMap {
                ((try? JSONSerialization.jsonObject(with: Data($0.data.utf8))) as? [String: Any])?["text"] as? String
            }.joined()
            #expect(text.contains("10 to 20 Hz"))
            let done = (try? JSONSerialization.jsonObject(with: Data(events.last!.data.utf8))) as? [String: Any]
            #expect(done?["mode"] as? String == "extractive")
            #expect((done?["answer_id"] as? String)?.count == 16)
            let sources = (try? JSONSerialization.jsonObject(with: Data(events[0].data.utf8))) as? [String: Any]
            #expect(((sources?["citations"] as? [[String: Any]])?.first?["url"] as? String)?.hasPrefix("/docs/sensors/lidar") == true)
        }
    }

    @Test func askRejectsBadInputWithTheField() async throws {
        try await withApp({ $0.maxBodyBytes = 4_096 }) { client, _, _ in
            let cases: [(String, Int, String?)] = [
                ("{not json", 400, nil), ("[1]", 400, nil), ("", 400, nil),
                (#"{"selection": "x"}"#, 400, "question"), (#"{"question": 3}"#, 400, "question"), (#"{"question": "  "}"#, 400, "question"),
                (#"{"question": "\#(String(repeating: "a", count: 2_001))"}"#, 400, "question"),
                (#"{"question": "x", "stream": "yes"}"#, 400, "stream"),
                (#"{"question": "x", "history": [{"role": "system", "content": "x"}]}"#, 400, "history[0].role"),
                (#"{"question": "x", "selection": "\#(String(repeating: "b", count: 5_000))"}"#, 413, nil),
            ]
            for (body, status, field) in cases {
                let r = try await client.post("/api/ask", body)
                #expect(r.status == status, "\(body.prefix(40))")
                let error = r.json["error"] as? [String: Any]
                #expect(error?["message"] as? String != nil, "\(body.prefix(40))")
                if let field { #expect(error?["field"] as? String == field, "\(body.prefix(40))") }
            }
        }
    }

    @Test func unknownRoutesAndStaticSite() async throws {
        try await withApp { client, _, _ in
            let api = try await client.get("/api/nope")
            #expect(api.status == 404 && (api.json["error"] as? [String: Any])?["code"] as? String == "not_found")
            let home = try await client.get("/")
            #expect(home.status == 200 && home.header("content-type") == "text/html; charset=utf-8")
            #expect(home.header("cache-control") == "public, max-age=60, must-revalidate")
            let page = try await client.get("/docs/intro", headers: [("Accept-Encoding", "identity")])
            #expect(page.status == 200 && page.body.contains("<title>Introduction</title>"))
            #expect(page.header("vary") == "Accept-Encoding" && page.header("content-encoding") == nil)
            let gz = try await client.get("/docs/intro/", headers: [("Accept-Encoding", "br, gzip;q=0.8")])
            #expect(gz.status == 200 && gz.header("content-encoding") == "gzip" && gz.header("vary") == "Accept-Encoding")
            #expect(Int(gz.header("content-length") ?? "") ?? 0 < page.body.utf8.count)
            let noGz = try await client.get("/docs/intro", headers: [("Accept-Encoding", "gzip;q=0, identity")])
            #expect(noGz.header("content-encoding") == nil)
            let css = try await client.get("/assets/site.0123456789.css")
            #expect(css.header("content-type") == "text/css; charset=utf-8")
            #expect(css.header("cache-control") == "public, max-age=31536000, immutable")
            let svg = try await client.get("/assets/logo.svg")
            #expect(svg.header("content-type") == "image/svg+xml" && svg.header("cache-control") == "public, max-age=3600")
            let etag = try #require(svg.header("etag"))
            let notModified = try await client.get("/assets/logo.svg", headers: [("If-None-Match", etag)])
            #expect(notModified.status == 304 && notModified.body.isEmpty)
            let missing = try await client.get("/docs/nowhere")
            #expect(missing.status == 404 && missing.body.contains("Page not found"))
            for evil in ["/../secret.txt", "/%2e%2e/secret.txt", "/docs/%2e%2e/%2e%2e/secret.txt", "/.env", "/docs/..%2f..%2fsecret.txt", "/%00"] {
                let r = try await client.get(evil)
                #expect(r.status == 404 && !r.body.contains("top secret") && !r.body.contains("SECRET"), "\(evil)")
            }
            let post = try await client.post("/docs/intro", "{}")
            #expect(post.status == 405)
        }
    }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        try await withApp({ $0.rateLimit = 3 }) { client, _, _ in
            for _ in 0..<3 {
                let ok = try await client.get("/api/search?q=robot")
                #expect(ok.status == 200)
            }
            let limited = try await client.get("/api/search?q=robot")
            #expect(limited.status == 429)
            #expect(Int(limited.header("retry-after") ?? "") ?? 0 >= 1)
            #expect((limited.json["error"] as? [String: Any])?["code"] as? String == "rate_limited")
            let r1 = try await client.get("/api/health")
            #expect(r1.status == 200)
            let r2 = try await client.get("/metrics")
            #expect(r2.body.contains("quire_rate_limited_requests_total 1"))
        }
    }

    @Test func forwardedForIsTrustedOnlyFromProxies() async throws {
        try await withServer({ $0.rateLimit = 1; $0.trustedProxies = ["127.0.0.1"] }) { client, _, _ in
            let r3 = try await client.get("/api/search?q=a", headers: [("X-Forwarded-For", "10.0.0.1")])
            #expect(r3.status == 200)
            let r4 = try await client.get("/api/search?q=a", headers: [("X-Forwarded-For", "10.0.0.2")])
            #expect(r4.status == 200)
            let r5 = try await client.get("/api/search?q=a", headers: [("X-Forwarded-For", "10.0.0.1")])
            #expect(r5.status == 429)
        }
        try await withServer({ $0.rateLimit = 1 }) { client, _, _ in
            let r6 = try await client.get("/api/search?q=a", headers: [("X-Forwarded-For", "10.0.0.1")])
            #expect(r6.status == 200)
            let r7 = try await client.get("/api/search?q=a", headers: [("X-Forwarded-For", "10.0.0.2")])
            #expect(r7.status == 429)
        }
    }

    @Test func corsAllowlist() async throws {
        try await withApp({ $0.corsOrigins = ["https://book.example"] }) { client, _, _ in
            let ok = try await client.request(.OPTIONS, "/api/ask", headers: [("Origin", "https://book.example"), ("Access-Control-Request-Method", "POST")])
            #expect(ok.status == 204 && ok.header("access-control-allow-origin") == "https://book.example")
            let search = try await client.get("/api/search?q=lidar", headers: [("Origin", "https://book.example")])
            #expect(search.header("access-control-expose-headers")?.contains("Retry-After") == true)
            let other = try await client.get("/api/health", headers: [("Origin", "https://evil.example")])
            #expect(other.header("access-control-allow-origin") == nil)
        }
    }

    @Test func feedbackIsLoggedDurably() async throws {
        try await withApp { client, _, dir in
            let a = try await client.post("/api/ask", #"{"question": "What is a ROS 2 topic?", "stream": false}"#)
            let id = try #require(a.json["answer_id"] as? String)
            let f = try await client.post("/api/feedback", #"{"answer_id": "\#(id)", "vote": "down", "comment": "too short"}"#)
            #expect(f.status == 201)
            let bad = try await client.post("/api/feedback", #"{"answer_id": "\#(id)", "vote": "meh"}"#)
            #expect(bad.status == 400 && (bad.json["error"] as? [String: Any])?["field"] as? String == "vote")
            let log = try String(contentsOf: dir.appendingPathComponent("data/feedback.jsonl"), encoding: .utf8)
            #expect(log.contains("\"answer_id\": \"\(id)\", \"vote\": \"down\", \"comment\": \"too short\""))
            let questions = try String(contentsOf: dir.appendingPathComponent("data/questions.jsonl"), encoding: .utf8)
            #expect(questions.contains("\"question\": \"What is a ROS 2 topic?\""))
        }
    }

    @Test func chatCompletionsNonStreamingAndStreaming() async throws {
        try await withServer { client, _, _ in
            let body = #"{"model": "book", "messages": [{"role": "system", "content": "be nice"}, {"role": "user", "content": [{"type": "text", "text": "What does a LIDAR measure?"}]}]}"#
            let r = try await client.post("/v1/chat/completions", body)
            #expect(r.status == 200)
            #expect(r.json["object"] as? String == "chat.completion" && r.json["model"] as? String == "book")
            let choice = (r.json["choices"] as? [[String: Any]])?.first
            let content = (choice?["message"] as? [String: Any])?["content"] as? String ?? ""
            #expect(content.contains("laser pulses") && content.contains("Sources:\n[1] LIDAR — /docs/sensors/lidar"))
            #expect(choice?["finish_reason"] as? String == "stop")

            let s = try await client.post("/v1/chat/completions", #"{"model": "book", "stream": true, "stream_options": {"include_usage": true}, "messages": [{"role": "user", "content": "What does a LIDAR measure?"}]}"#)
            let events = s.events
            #expect(events.last?.data == "[DONE]")
            var text = ""
            var finish: String?
            var sawUsage = false
            for e in events.dropLast() {
                let o = try #require((try? JSONSerialization.jsonObject(with: Data(e.data.utf8))) as? [String: Any])
                #expect(o["object"] as? String == "chat.completion.chunk")
                if o["usage"] != nil { sawUsage = true }
                guard let c = (o["choices"] as? [[String: Any]])?.first else { continue }
                text += ((c["delta"] as? [String: Any])?["content"] as? String) ?? ""
                if let f = c["finish_reason"] as? String { finish = f }
            }
            #expect(text == content)
            #expect(finish == "stop" && sawUsage)
            let bad = try await client.post("/v1/chat/completions", #"{"messages": []}"#)
            #expect(bad.status == 400)
            #expect((bad.json["error"] as? [String: Any])?["type"] as? String == "invalid_request_error")
            #expect((bad.json["error"] as? [String: Any])?["param"] as? String == "messages")
        }
    }

    @Test func reloadSwapsAndRefusesACorruptIndex() async throws {
        let token = "0123456789abcdef-token"
        try await withServer({ $0.adminToken = token }) { client, _, dir in
            let auth = [("Authorization", "Bearer " + token)]
            let r8 = try await client.post("/api/admin/reload", "")
            #expect(r8.status == 401)
            let indexURL = dir.appendingPathComponent("site/index.qidx")
            var corrupt = try Data(contentsOf: indexURL)
            corrupt[corrupt.count / 2] ^= 0xFF
            try corrupt.write(to: indexURL)
            let refused = try await client.post("/api/admin/reload", "", headers: auth)
            #expect(refused.status == 422)
            let r9 = try await client.get("/api/search?q=jacobian")
            #expect(r9.status == 200)
            var pages = Fixture.pages
            pages.append(.init(source: "new.md", url: "/docs/new", title: "Grippers", blocks: [p("Soft grippers hold fragile fruit.")]))
            try Fixture.indexData(pages: pages).write(to: indexURL)
            // Reload while searches run: none may fail.
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<40 { group.addTask { try await client.get("/api/search?q=gripper").status } }
                group.addTask { try await client.post("/api/admin/reload", "", headers: auth).status }
                for try await status in group { #expect(status == 200) }
            }
            let r = try await client.get("/api/search?q=fragile+fruit+grippers&k=1")
            #expect((r.json["results"] as? [[String: Any]])?.first?["url"] as? String == "/docs/new")
        }
    }
}
