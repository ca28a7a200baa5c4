import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import Logging
import NIOCore
import QuireAnswer
import QuireEmbedding
import QuireIndex
import QuireMarkdown
import QuireServer
import QuireSupport
import QuireTestSupport
import ServiceLifecycle
import Synchronization
import Testing

/// A tiny book about robots (`smallRobotsBook()`), its index (hash embedder) and a built-looking site.
enum Fixture {
    static let pages = smallRobotsBook()

    static func indexData(pages: [IndexPage] = pages) throws -> Data {
        try IndexBuilder(embedder: HashEmbedder(), bookTitle: "Robots Book").build(pages: pages).data
    }

    /// A temporary folder with `site/` (pages, assets, .gz, 404.html, index.qidx),
    /// `secret.txt` beside it, and `data/`.
    static func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-server-\(UUID().uuidString)")
        let site = dir.appendingPathComponent("site")
        func write(_ path: String, _ text: String) throws {
            let url = site.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try write("index.html", "<!doctype html><title>Home</title>")
        try write("404.html", "<!doctype html><title>Page not found</title>")
        let intro = "<!doctype html><title>Introduction</title>" + String(repeating: "physical AI ", count: 100)
        try write("docs/intro/index.html", intro)
        try Zlib.gzip(Data(intro.utf8)).write(to: site.appendingPathComponent("docs/intro/index.html.gz"))
        try write("assets/site.0123456789.css", "body{margin:0}")
        try write("assets/logo.svg", "<svg/>")
        try write(".env", "SECRET=1")
        try Data("top secret".utf8).write(to: dir.appendingPathComponent("secret.txt"))
        try indexData().write(to: site.appendingPathComponent("index.qidx"))
        return dir
    }
}

struct HTTPResult {
    var status: Int
    var headers: [String: String]
    var body: String

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The body read as Server-Sent Events.
    var events: [SSEEvent] {
        var p = SSEParser()
        return p.feed(Array(body.utf8))
    }
}

/// What the route tests send requests through: a real socket (`TestClient`) or the router in
/// process (`RouterClient`, HummingbirdTesting's `.router`), with the same results.
protocol ServerClient: Sendable {
    func request(_ method: HTTPMethod, _ path: String, headers: [(String, String)], body: String?) async throws -> HTTPResult
}

extension ServerClient {
    func request(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = []) async throws -> HTTPResult {
        try await request(method, path, headers: headers, body: nil)
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> HTTPResult {
        try await request(.GET, path, headers: headers, body: nil)
    }

    func post(_ path: String, _ body: String, headers: [(String, String)] = []) async throws -> HTTPResult {
        try await request(.POST, path, headers: headers, body: body)
    }
}

/// Sends requests straight to the application's router (no socket, no peer address).
struct RouterClient: ServerClient {
    let client: any TestClientProtocol

    func request(_ method: HTTPMethod, _ path: String, headers: [(String, String)], body: String?) async throws -> HTTPResult {
        var fields = HTTPFields()
        for (k, v) in headers { fields.append(HTTPField(name: HTTPField.Name(k)!, value: v)) }
        if body != nil { fields[.contentType] = "application/json" }
        let res = try await client.execute(uri: path, method: HTTPRequest.Method(method.rawValue)!, headers: fields,
                                           body: body.map { ByteBuffer(string: $0) })
        var out: [String: String] = [:]
        for f in res.headers { out[f.name.canonicalName] = f.value }
        return HTTPResult(status: res.status.code, headers: out, body: String(buffer: res.body))
    }
}

/// Talks to a server on 127.0.0.1 over a real socket.
struct TestClient: ServerClient {
    let port: Int

    func request(_ method: HTTPMethod, _ path: String, headers: [(String, String)], body: String?) async throws -> HTTPResult {
        var req = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        req.method = method
        for (k, v) in headers { req.headers.add(name: k, value: v) }
        if let body {
            req.headers.add(name: "content-type", value: "application/json")
            req.body = .bytes(ByteBuffer(string: body))
        }
        let res = try await HTTPClient.shared.execute(req, timeout: .seconds(30))
        let buffer = try await res.body.collect(upTo: 16 << 20)
        var headers: [String: String] = [:]
        for h in res.headers { headers[h.name.lowercased()] = h.value }
        return HTTPResult(status: Int(res.status.code), headers: headers, body: String(buffer: buffer))
    }
}

/// A `QuireServer` over the fixture (what `withServer` and `withApp` run).
func fixtureServer(_ configure: (inout ServerConfiguration) -> Void) throws -> (QuireServer, URL) {
    let dir = try Fixture.directory()
    let site = dir.appendingPathComponent("site")
    var config = ServerConfiguration(siteDirectory: site, indexFile: site.appendingPathComponent("index.qidx"), port: 0, rateLimit: 0,
                                     dataDirectory: dir.appendingPathComponent("data"))
    configure(&config)
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    do {
        return (try QuireServer(configuration: config, logger: logger), dir)
    } catch {
        try? FileManager.default.removeItem(at: dir)
        throw error
    }
}

/// Runs a `QuireServer` over the fixture in process, through HummingbirdTesting's router
/// client (for routes and errors where the socket is not the point).
@discardableResult
func withApp<T: Sendable>(_ configure: (inout ServerConfiguration) -> Void = { _ in },
                          _ body: @Sendable (RouterClient, QuireServer, URL) async throws -> T) async throws -> T {
    let (server, dir) = try fixtureServer(configure)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try await server.makeApplication().test(.router) { client in
        try await body(RouterClient(client: client), server, dir)
    }
}

/// Runs a `QuireServer` over the fixture on a free port for the duration of `body`.
@discardableResult
func withServer<T: Sendable>(_ configure: (inout ServerConfiguration) -> Void = { _ in },
                            _ body: @Sendable (TestClient, QuireServer, URL) async throws -> T) async throws -> T {
    let (server, dir) = try fixtureServer(configure)
    defer { try? FileManager.default.removeItem(at: dir) }
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let (ports, cont) = AsyncStream<Int>.makeStream()
    let app = server.makeApplication(onRunning: { cont.yield($0) })
    let group = ServiceGroup(services: [app], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next() else { throw CancellationError() }
        let result: T
        do {
            result = try await body(TestClient(port: port), server, dir)
        } catch {
            tasks.cancelAll()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}

/// A local, protocol-faithful LLM provider: a Hummingbird server on a free port that plays
/// scripted replies in order (the last one repeats) and records the requests it got.
final class FakeProvider: Sendable {
    enum Reply: Sendable {
        /// A non-2xx status with headers and a JSON body.
        case status(Int, [String: String], String)
        /// A 200 event stream: each string written as a chunk, `delayMs` apart; `cut` drops
        /// the connection after the last chunk instead of ending cleanly.
        case stream([String], cut: Bool = false, delayMs: Int = 10)
        /// Never answers (a timeout).
        case hang
    }
    typealias Recorded = (path: String, headers: [String: String], body: String)
    private let state: Mutex<(replies: [Reply], requests: [Recorded])>

    init(_ replies: [Reply]) { state = Mutex((replies, [])) }

    var requests: [Recorded] { state.withLock { $0.requests } }

    func next(_ path: String, _ headers: [String: String], _ body: String) -> Reply {
        state.withLock { s in
            s.requests.append((path, headers, body))
            return s.replies.count > 1 ? s.replies.removeFirst() : s.replies[0]
        }
    }

    static func openAIStream(_ pieces: [String], usage: Bool = true) -> [String] {
        var out = pieces.map { p in
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\(JSONText.string(p))},\"finish_reason\":null}]}\n\n"
        }
        out.insert(": openai keep-alive\n\n", at: 0)
        out.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
        if usage { out.append("data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":9,\"total_tokens\":129}}\n\n") }
        out.append("data: [DONE]\n\n")
        return out
    }

    static func anthropicStream(_ pieces: [String]) -> [String] {
        var out = [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":150,\"output_tokens\":1}}}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            "event: ping\ndata: {\"type\": \"ping\"}\n\n",
        ]
        out += pieces.map { "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\(JSONText.string($0))}}\n\n" }
        out += [
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":12}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        ]
        return out
    }

    /// Runs the fake for the duration of `body`, which gets its base URL.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for f in request.headers { headers[f.name.canonicalName] = f.value }
            switch self.next(request.uri.path, headers, String(buffer: buffer)) {
            case .status(let code, let extra, let json):
                var h: HTTPFields = [.contentType: "application/json"]
                for (k, v) in extra { h[HTTPField.Name(k)!] = v }
                return Response(status: .init(code: code), headers: h, body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
            case .stream(let chunks, let cut, let delayMs):
                return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                    for c in chunks {
                        try await writer.write(ByteBuffer(string: c))
                        try await Task.sleep(nanoseconds: UInt64(delayMs) * 1_000_000)
                    }
                    if cut { throw CancellationError() }
                    try await writer.finish(nil)
                })
            case .hang:
                try await Task.sleep(nanoseconds: 60_000_000_000)
                return Response(status: .ok)
            }
        }
        let (ports, cont) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fake-llm")
        logger.logLevel = .critical
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { cont.yield($0.localAddress?.port ?? 0) }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await app.run() }
            var it = ports.makeAsyncIterator()
            let port = await it.next()!
            defer { tasks.cancelAll() }
            try await body("http://127.0.0.1:\(port)")
        }
    }
}

/// LLM settings pointing at a fake, with fast retries and a short deadline.
func fakeLLM(_ kind: LLMConfiguration.Kind, _ base: String, timeout: Int64 = 30) -> LLMConfiguration {
    LLMConfiguration(kind: kind, baseURL: kind == .anthropic ? base : base + "/v1", model: "test-model", apiKey: "sk-test-key",
                     retry: RetryPolicy(maxRetries: 2, initialDelay: 0.01, maxDelay: 0.05), timeoutSeconds: timeout)
}
