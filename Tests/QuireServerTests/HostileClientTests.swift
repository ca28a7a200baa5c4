import Foundation
import QuireServer
import QuireSupport
import Testing

/// Hostile clients (issue 13): slow or broken requests, symlinked `.gz` siblings, cache and
/// CORS headers, forged feedback. Real sockets where the socket is the point.
@Suite struct HostileClientTests {
    // MARK: - Static files

    @Test func gzipSiblingOutsideTheSiteIsNotServed() async throws {
        try await withServer { client, _, dir in
            let site = dir.appendingPathComponent("site")
            let text = String(repeating: "plain text page ", count: 100)
            try Data(text.utf8).write(to: site.appendingPathComponent("page.txt"))
            try FileManager.default.createSymbolicLink(atPath: site.path + "/page.txt.gz", withDestinationPath: dir.path + "/secret.txt")
            try Data("inside".utf8).write(to: site.appendingPathComponent("other.txt"))
            try FileManager.default.createSymbolicLink(atPath: site.path + "/other.txt.gz", withDestinationPath: "/etc/passwd")
            for path in ["/page.txt", "/other.txt"] {
                let r = try await client.get(path, headers: [("Accept-Encoding", "gzip")])
                #expect(r.status == 200)
                #expect(r.header("content-encoding") == nil, "\(path)")
                #expect(!r.body.contains("top secret") && !r.body.contains("root:"), "\(path)")
            }
            // A real .gz inside the site is still used.
            let ok = try await client.get("/docs/intro/", headers: [("Accept-Encoding", "gzip")])
            #expect(ok.header("content-encoding") == "gzip")
        }
    }

    @Test func corsKeepsVaryAcceptEncoding() async throws {
        try await withServer({ $0.corsOrigins = ["https://book.example"] }) { client, _, _ in
            let r = try await client.get("/docs/intro/", headers: [("Origin", "https://book.example"), ("Accept-Encoding", "gzip")])
            #expect(r.header("access-control-allow-origin") == "https://book.example")
            let vary = Set((r.header("vary") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            #expect(vary == ["accept-encoding", "origin"])
        }
    }

    @Test func ifNoneMatchStarAndStrongETags() async throws {
        try await withApp { client, _, _ in
            let first = try await client.get("/docs/intro/")
            let etag = try #require(first.header("etag"))
            #expect(etag.hasPrefix("W/\""))
            let strong = String(etag.dropFirst(2))
            for inm in ["*", etag, strong, "\"other\", \(strong)", " W/\"x\" ,\(etag) "] {
                let r = try await client.get("/docs/intro/", headers: [("If-None-Match", inm)])
                #expect(r.status == 304, "If-None-Match: \(inm)")
            }
            let other = try await client.get("/docs/intro/", headers: [("If-None-Match", "\"nope\", W/\"nope\"")])
            #expect(other.status == 200)
        }
    }

    // MARK: - JSON bodies

    @Test func streamMustBeABoolean() async throws {
        try await withApp { client, _, _ in
            for stream in ["0", "1", "\"false\""] {
                let ask = try await client.post("/api/ask", #"{"question": "What is a LIDAR?", "stream": \#(stream)}"#)
                #expect(ask.status == 400, "stream: \(stream)")
                #expect((ask.json["error"] as? [String: Any])?["field"] as? String == "stream")
                let chat = try await client.post("/v1/chat/completions", #"{"messages": [{"role": "user", "content": "What is a LIDAR?"}], "stream": \#(stream)}"#)
                #expect(chat.status == 400, "chat stream: \(stream)")
            }
        }
    }

    // MARK: - Feedback

    @Test func feedbackOnlyForIssuedAnswersOncePerAnswer() async throws {
        try await withApp { client, _, dir in
            let unknown = try await client.post("/api/feedback", #"{"answer_id": "0123456789abcdef", "vote": "up"}"#)
            #expect(unknown.status == 404)
            #expect((unknown.json["error"] as? [String: Any])?["code"] as? String == "unknown_answer")
            let a = try await client.post("/api/ask", #"{"question": "What does a LIDAR measure?", "stream": false}"#)
            let id = try #require(a.json["answer_id"] as? String)
            let first = try await client.post("/api/feedback", #"{"answer_id": "\#(id)", "vote": "down", "comment": "short"}"#)
            #expect(first.status == 201)
            for vote in ["down", "up"] {
                let again = try await client.post("/api/feedback", #"{"answer_id": "\#(id)", "vote": "\#(vote)"}"#)
                #expect(again.status == 409)
                #expect((again.json["error"] as? [String: Any])?["code"] as? String == "already_voted")
            }
            let log = try String(contentsOf: dir.appendingPathComponent("data/feedback.jsonl"), encoding: .utf8)
            #expect(log.split(separator: "\n").count == 1)
        }
    }

    // MARK: - Slow and broken clients (real sockets)

    /// Idle connections, unfinished request heads and bodies that drip in are closed.
    @Test func slowClientsAreDisconnected() async throws {
        try await withServer({ $0.idleTimeoutSeconds = 1; $0.bodyTimeoutSeconds = 2 }) { client, _, _ in
            let idle = try RawSocket(port: client.port)
            let partialHead = try RawSocket(port: client.port)
            partialHead.send("GET /docs/intro/ HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            let partialBody = try RawSocket(port: client.port)
            partialBody.send("POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"question\": ")
            let start = ContinuousClock.now
            for (name, s) in [("idle", idle), ("partial head", partialHead), ("partial body", partialBody)] {
                let (_, closed) = s.readUntilClosed(timeout: .seconds(6))
                #expect(closed, "\(name) connection still open after \(ContinuousClock.now - start)")
            }
            #expect(ContinuousClock.now - start < .seconds(6))

            // One byte every 0.5 s keeps the idle timer happy; the body deadline still ends it.
            let drip = try RawSocket(port: client.port)
            drip.send("POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
            let dripStart = ContinuousClock.now
            var reply = ""
            var closed = false
            while ContinuousClock.now - dripStart < .seconds(6) && !closed {
                drip.send(" ")
                let r = drip.readUntilClosed(timeout: .milliseconds(500))
                reply += r.text
                closed = r.closed
            }
            #expect(closed)
            #expect(RawSocket.status(reply) == 408)
            #expect(ContinuousClock.now - dripStart < .seconds(4))

            // A normal request still works.
            #expect(try await client.get("/api/health").status == 200)
        }
    }

    /// Broken chunked framing, an unknown transfer encoding and a client that hangs up mid-body
    /// are the client's fault: 400 (or a closed connection), never a 500.
    @Test func brokenBodiesAreClientErrors() async throws {
        try await withServer { client, _, _ in
            let chunked = try RawSocket(port: client.port)
            chunked.send("POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"que\r\nzz\r\nnot hex\r\n")
            // A 400, or (when the parser error closes the connection first) no response at all: never a 5xx.
            // (20 s: returns as soon as the server closes; the bound only guards a loaded CI machine.)
            let c = chunked.readUntilClosed(timeout: .seconds(20))
            // (408 when the body deadline fires first on a starved machine: still the client's error.)
            #expect([400, 408, nil].contains(RawSocket.status(c.text)), "\(c.text.prefix(100))")
            #expect(c.closed)

            let unknown = try RawSocket(port: client.port)
            unknown.send("POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n{\"question\": \"x\"}")
            let u = unknown.readUntilClosed(timeout: .seconds(20))
            #expect([400, 408, 501].contains(RawSocket.status(u.text) ?? 0), "\(u.text.prefix(100))")

            for _ in 0..<3 {
                let gone = try RawSocket(port: client.port)
                gone.send("POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"question\": \"wh")
                try await Task.sleep(for: .milliseconds(100))
                gone.reset()
            }
            try await Task.sleep(for: .milliseconds(300))
            let metrics = try await client.get("/metrics")
            #expect(!metrics.body.contains("status=\"500\""), "a client error was counted as a 500")
        }
    }
}

/// The `server:` section of quire.yml goes through the same YAML limits as the site's settings.
@Suite struct HostileSettingsTests {
    @Test func aliasBombInQuireYmlIsAnErrorNotAHang() throws {
        let bomb = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
            + (1...9).map { i in "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]" }
        let start = ContinuousClock.now
        let e = try #require(#expect(throws: QuireError.self) {
            try ServerSettings.file(yaml: "server:\n  port: 8080\n" + bomb.joined(separator: "\n") + "\n", path: "quire.yml")
        })
        #expect(e.description.hasPrefix("quire.yml:7: YAML expands to more than 100000 values"), "\(e)")
        #expect(ContinuousClock.now - start < .seconds(5))
        let deep = try #require(#expect(throws: QuireError.self) {
            try ServerSettings.file(yaml: "server: " + String(repeating: "[", count: 5_000), path: "quire.yml")
        })
        #expect(deep.message.contains("levels deep"))
    }
}
