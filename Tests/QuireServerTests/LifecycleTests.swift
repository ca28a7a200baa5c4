import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import QuireAnswer
import QuireServer
import QuireTestSupport
import ServiceLifecycle
import Synchronization
import Testing

/// Graceful shutdown (what SIGTERM triggers) and hot reload under load, on real sockets.
@Suite(.serialized) struct LifecycleTests {
    /// The server's own service group (the one `quire serve` runs, without signal traps) on a
    /// free port; `body` gets the group to shut down. Waits for the group to end.
    func withServiceGroup(_ configure: (inout ServerConfiguration) -> Void,
                          _ body: @Sendable (TestClient, ServiceGroup) async throws -> Void) async throws -> Duration {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = dir.appendingPathComponent("site")
        var config = ServerConfiguration(siteDirectory: site, indexFile: site.appendingPathComponent("index.qidx"), port: 0, rateLimit: 0)
        configure(&config)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let server = try QuireServer(configuration: config, logger: logger)
        let (ports, cont) = AsyncStream<Int>.makeStream()
        let group = server.makeServiceGroup(onRunning: { cont.yield($0) }, signals: [])
        let clock = ContinuousClock()
        return try await withThrowingTaskGroup(of: Duration.self) { tasks in
            tasks.addTask {
                // The group may end by throwing after its grace period: what matters is that it ends.
                try? await group.run()
                return .zero
            }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next() else { throw CancellationError() }
            do {
                try await body(TestClient(port: port), group)
            } catch {
                await group.triggerGracefulShutdown()
                tasks.cancelAll()
                throw error
            }
            let start = clock.now
            await group.triggerGracefulShutdown()
            _ = try await tasks.next()
            return clock.now - start
        }
    }

    /// Opens a TCP connection to 127.0.0.1:port; false when it is refused.
    static func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let r = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return r == 0
    }

    /// Posts a streaming question; calls `onFirstDelta` once the first `delta` event has
    /// arrived, and returns the whole body (whatever arrived before the connection closed).
    static func streamAsk(_ port: Int, onFirstDelta: @Sendable () async -> Void) async throws -> String {
        var req = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/ask")
        req.method = .POST
        req.headers.add(name: "content-type", value: "application/json")
        req.body = .bytes(ByteBuffer(string: #"{"question": "What does the Jacobian matrix relate?"}"#))
        let res = try await HTTPClient.shared.execute(req, timeout: .seconds(60))
        #expect(res.status == .ok)
        var body = ""
        var signalled = false
        do {
            for try await part in res.body {
                body += String(buffer: part)
                if !signalled, body.contains("event: delta") {
                    signalled = true
                    await onFirstDelta()
                }
            }
        } catch {
            body += "\n<connection error: \(error)>"
        }
        return body
    }

    @Test func gracefulShutdownFinishesTheStreamAndRefusesNewConnections() async throws {
        let pieces = (1...24).map { "word\($0) " } + ["[1]."]
        let fake = FakeProvider([.stream(FakeProvider.openAIStream(pieces), delayMs: 100)])
        try await fake.run { base in
            let refusedDuringStream = ManagedFlag()
            let body = ManagedText()
            let shutdownTook = try await withServiceGroup({ $0.llm = fakeLLM(.openai, base, timeout: 60); $0.shutdownGraceSeconds = 60 }) { client, group in
                let port = client.port
                let (firstDelta, cont) = AsyncStream<Void>.makeStream()
                async let streamed = Self.streamAsk(port, onFirstDelta: { cont.yield() })
                var it = firstDelta.makeAsyncIterator()
                _ = await it.next()
                // What SIGTERM does: the group starts its graceful shutdown.
                await group.triggerGracefulShutdown()
                // New connections are refused while the stream goes on.
                let deadline = Date().addingTimeInterval(20)
                while Date() < deadline {
                    if !Self.canConnect(port) { refusedDuringStream.set(); break }
                    try await Task.sleep(nanoseconds: 20_000_000)
                }
                body.value = try await streamed
            }
            #expect(refusedDuringStream.value, "the listener still accepted connections after shutdown began")
            let events = HTTPResult(status: 200, headers: [:], body: body.value).events
            #expect(events.first?.event == "sources")
            #expect(events.last?.event == "done", "stream did not finish: \(body.value.suffix(300))")
            let done = (try? JSONSerialization.jsonObject(with: Data((events.last?.data ?? "").utf8))) as? [String: Any]
            #expect(done?["mode"] as? String == "llm")
            let text = events.filter { $0.event == "delta" }.compactMap {
                ((try? JSONSerialization.jsonObject(with: Data($0.data.utf8))) as? [String: Any])?["text"] as? String
            }.joined()
            #expect(text == pieces.joined(), "the in-flight answer was not streamed completely")
            #expect(shutdownTook < .seconds(30))
        }
    }

    @Test func gracefulShutdownIsBoundedByTheGracePeriod() async throws {
        // A stream of 60 s; the grace period is 1 s.
        let fake = FakeProvider([.stream(FakeProvider.openAIStream((1...600).map { "w\($0) " }), delayMs: 100)])
        try await fake.run { base in
            let body = ManagedText()
            let clock = ContinuousClock()
            let start = ManagedInstant()
            let took = try await withServiceGroup({ $0.llm = fakeLLM(.openai, base, timeout: 120); $0.shutdownGraceSeconds = 1 }) { client, group in
                let port = client.port
                let (firstDelta, cont) = AsyncStream<Void>.makeStream()
                let task = Task { try await Self.streamAsk(port, onFirstDelta: { cont.yield() }) }
                var it = firstDelta.makeAsyncIterator()
                _ = await it.next()
                start.value = clock.now
                await group.triggerGracefulShutdown()
                // The client's stream ends too: cut when the grace period is over.
                body.value = (try? await task.value) ?? ""
            }
            _ = took
            let elapsed = clock.now - start.value
            #expect(elapsed >= .milliseconds(900), "the stream was cut before the grace period")
            #expect(elapsed < .seconds(20), "shutdown took \(elapsed) with a 1 s grace period")
            #expect(!body.value.contains("event: done"))
        }
    }

    @Test func reloadUnderConcurrentSearchesFailsNoRequest() async throws {
        let token = "0123456789abcdef-token"
        try await withServer({ $0.adminToken = token }) { client, _, dir in
            let auth = [("Authorization", "Bearer " + token)]
            let indexURL = dir.appendingPathComponent("site/index.qidx")
            let original = try Fixture.indexData()
            var pages = Fixture.pages
            pages.append(.init(source: "new.md", url: "/docs/new", title: "Grippers", blocks: [p("Soft grippers hold fragile fruit.")]))
            let extended = try Fixture.indexData(pages: pages)
            var bad = extended
            bad[bad.count / 2] ^= 0xFF
            let corrupt = bad
            let queries = ["jacobian", "lidar+scan+rate", "ros+topics", "inverse+kinematics", "gripper+fruit", "robots+perceive"]
            let stop = ManagedFlag()
            let reloads = ManagedCounter()
            try await withThrowingTaskGroup(of: [Int].self) { group in
                // 16 clients searching without pause until the reloads are done.
                for c in 0..<16 {
                    group.addTask {
                        var statuses: [Int] = []
                        var i = c
                        while !stop.value || statuses.count < 10 {
                            let r = try await client.get("/api/search?q=\(queries[i % queries.count])&k=3")
                            let results = r.json["results"] as? [[String: Any]] ?? []
                            statuses.append(r.status == 200 && (!results.isEmpty || queries[i % queries.count] == "gripper+fruit") ? r.status : -r.status)
                            i += 1
                        }
                        return statuses
                    }
                }
                // Swap the index six times, with a corrupt file in between that must be refused.
                group.addTask {
                    var statuses: [Int] = []
                    for round in 0..<6 {
                        try await Task.sleep(nanoseconds: 50_000_000)
                        try (round % 2 == 0 ? extended : original).write(to: indexURL, options: .atomic)
                        let ok = try await client.post("/api/admin/reload", "", headers: auth)
                        #expect(ok.status == 200, "reload \(round): \(ok.body)")
                        reloads.increment()
                        if round == 2 {
                            try corrupt.write(to: indexURL, options: .atomic)
                            let refused = try await client.post("/api/admin/reload", "", headers: auth)
                            #expect(refused.status == 422)
                        }
                    }
                    stop.set()
                    return statuses
                }
                var total = 0
                for try await statuses in group {
                    total += statuses.count
                    #expect(statuses.allSatisfy { $0 == 200 }, "failed searches: \(statuses.filter { $0 != 200 })")
                }
                #expect(total >= 160)
            }
            #expect(reloads.value == 6)
            // The last good reload (round 5: the original index) is the one serving.
            let r = try await client.get("/api/search?q=fragile+fruit+grippers&k=1")
            #expect((r.json["results"] as? [[String: Any]])?.first?["url"] as? String != "/docs/new")
            let m = try await client.get("/metrics")
            #expect(m.body.contains("quire_index_reloads_total 6"))
            #expect(m.body.contains("quire_index_reload_failures_total 1"))
        }
    }
}

final class ManagedFlag: Sendable {
    private let state = Mutex(false)
    var value: Bool { state.withLock { $0 } }
    func set() { state.withLock { $0 = true } }
}

final class ManagedCounter: Sendable {
    private let state = Mutex(0)
    var value: Int { state.withLock { $0 } }
    func increment() { state.withLock { $0 += 1 } }
}

final class ManagedText: Sendable {
    private let state = Mutex("")
    var value: String {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}

final class ManagedInstant: Sendable {
    private let state = Mutex(ContinuousClock.now)
    var value: ContinuousClock.Instant {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
