import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import QuireAnswer
import QuireIndex

/// Routes every request: API routes, admin, metrics, then the static site. Logs one line
/// per request with its id, counts it in the metrics, and turns any unexpected error into
/// a 500 with a generic JSON body.
struct QuireResponder: HTTPResponder {
    typealias Context = QuireRequestContext
    let config: ServerConfiguration
    let engines: EngineHolder
    let metrics: ServerMetrics
    let limiter: RateLimiter
    let site: StaticFiles?
    let questions: EventLog?
    let feedback: EventLog?
    let reload: @Sendable () async -> Result<String, Error>

    func respond(to request: Request, context: Context) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let path = request.uri.path
        let route = Self.route(path)
        var response: Response
        do {
            response = try await dispatch(request, context: context, route: route)
        } catch let e as APIError {
            response = route.hasPrefix("/v1/") ? e.openAIResponse : e.response
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(path)"])
            let e = APIError(.internalServerError, "internal_error", "something went wrong on the server; the error was logged with request id \(context.id)")
            response = e.response
        }
        response.headers[HTTPField.Name("X-Request-Id")!] = context.id
        cors(request, &response)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        metrics.request(route: route, method: request.method.rawValue, status: response.status.code, seconds: seconds)
        if route != "static" || response.status.code >= 400 {
            context.logger.info("request", metadata: [
                "method": "\(request.method.rawValue)", "path": "\(path)", "status": "\(response.status.code)",
                "ms": "\(String(format: "%.2f", seconds * 1000))", "client": "\(clientAddress(request, context))",
            ])
        }
        return response
    }

    /// Metric label of a path (bounded set).
    static func route(_ path: String) -> String {
        switch path {
        case "/api/search", "/api/ask", "/api/feedback", "/api/health", "/api/ready", "/api/admin/reload",
             "/v1/chat/completions", "/v1/models", "/metrics":
            return path
        default:
            return path.hasPrefix("/api/") || path.hasPrefix("/v1/") ? "unknown_api" : "static"
        }
    }

    func dispatch(_ request: Request, context: Context, route: String) async throws -> Response {
        let path = request.uri.path
        if request.method == .options, route != "static" {
            return Response(status: .noContent, headers: [.allow: "GET, POST, OPTIONS"])
        }
        switch route {
        case "/api/health":
            try method(request, .get, .head)
            return .json("{\"status\": \"ok\"}\n")
        case "/api/ready":
            try method(request, .get, .head)
            return ready()
        case "/metrics":
            try method(request, .get)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text())))
        case "/api/search":
            try method(request, .get)
            try rateLimit(request, context)
            return try search(request)
        case "/api/ask":
            try method(request, .post)
            try rateLimit(request, context)
            return try await ask(request, context: context)
        case "/v1/chat/completions":
            try method(request, .post)
            try rateLimit(request, context)
            return try await chatCompletions(request, context: context)
        case "/v1/models":
            try method(request, .get)
            return .json("{\"object\": \"list\", \"data\": [{\"id\": \"quire\", \"object\": \"model\", \"created\": 0, \"owned_by\": \"quire\"}]}\n")
        case "/api/feedback":
            try method(request, .post)
            try rateLimit(request, context)
            return try await postFeedback(request)
        case "/api/admin/reload":
            try method(request, .post)
            try authorizeAdmin(request)
            switch await reload() {
            case .success(let message): return .json("{\"status\": \"reloaded\", \"index\": \(JSONText.string(message))}\n")
            case .failure(let error):
                throw APIError(.unprocessableContent, "reload_failed", "the new index was refused and the old one keeps serving: \(error)")
            }
        case "unknown_api":
            throw APIError(.notFound, "not_found", "no such API route: \(request.method.rawValue) \(path)")
        default:
            guard let site else { throw APIError(.notFound, "not_found", "no such page: \(path)") }
            return site.respond(request)
        }
    }

    func method(_ request: Request, _ allowed: HTTPRequest.Method...) throws {
        guard allowed.contains(request.method) else {
            var e = APIError(.methodNotAllowed, "method_not_allowed", "use \(allowed.map(\.rawValue).joined(separator: " or ")) for \(request.uri.path)")
            e.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
            throw e
        }
    }

    func ready() -> Response {
        let engine = engines.engine
        let m = engine.index.metadata
        var out = "{\"status\": \"ready\", \"book\": \(JSONText.string(m.bookTitle)), \"pages\": \(m.pageCount), \"chunks\": \(m.chunkCount), "
        out += "\"embedder\": \(JSONText.string(engine.embedder?.id ?? "none (lexical only)")), \"index_built\": \(JSONText.string(m.buildTime)), "
        out += "\"llm\": \(JSONText.string(engine.provider.map { "\($0.name)/\($0.model)" } ?? "none"))}\n"
        return .json(out)
    }

    /// The client's address: the peer, or the last untrusted hop of `X-Forwarded-For` when
    /// the peer is a trusted proxy.
    func clientAddress(_ request: Request, _ context: Context) -> String {
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        guard config.trustedProxies.contains(peer), let xff = request.headers[HTTPField.Name("X-Forwarded-For")!] else { return peer }
        let hops = xff.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last(where: { !config.trustedProxies.contains($0) }) ?? hops.first ?? peer
    }

    func rateLimit(_ request: Request, _ context: Context) throws {
        guard limiter.enabled else { return }
        if let wait = limiter.take(clientAddress(request, context)) {
            metrics.rateLimited.increment()
            var e = APIError(.tooManyRequests, "rate_limited", "too many requests: the limit is \(limiter.perMinute) per minute per client; retry later")
            e.headers[.retryAfter] = String(max(1, Int(wait.rounded(.up))))
            throw e
        }
    }

    func authorizeAdmin(_ request: Request) throws {
        guard let token = config.adminToken else {
            throw APIError(.notFound, "not_found", "admin routes are off (set QUIRE_ADMIN_TOKEN to turn them on)")
        }
        guard let auth = request.headers[.authorization], auth.hasPrefix("Bearer "),
              Self.constantTimeEqual(String(auth.dropFirst(7)), token) else {
            var e = APIError(.unauthorized, "unauthorized", "admin routes need Authorization: Bearer <QUIRE_ADMIN_TOKEN>")
            e.headers[HTTPField.Name("WWW-Authenticate")!] = "Bearer"
            throw e
        }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    func cors(_ request: Request, _ response: inout Response) {
        guard !config.corsOrigins.isEmpty, let origin = request.headers[.origin] else { return }
        guard config.corsOrigins.contains("*") || config.corsOrigins.contains(origin) else { return }
        response.headers[.accessControlAllowOrigin] = config.corsOrigins.contains("*") ? "*" : origin
        response.headers[.vary] = "Origin"
        // Let a widget on another origin read how long to wait after a 429.
        response.headers[.accessControlExposeHeaders] = "Retry-After, X-Request-Id"
        if request.method == .options {
            response.headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
            response.headers[.accessControlAllowHeaders] = "content-type, authorization"
            response.headers[.accessControlMaxAge] = "600"
        }
    }

    /// The request body as a JSON object, or a 400/413 naming the problem.
    func jsonBody(_ request: Request) async throws -> [String: Any] {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: config.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "body_too_large", "the request body is larger than \(config.maxBodyBytes) bytes")
        } catch let e as HTTPError where e.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "body_too_large", "the request body is larger than \(config.maxBodyBytes) bytes")
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the request body is empty: send a JSON object", code: "invalid_json") }
        guard let any = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) else {
            throw APIError.badRequest("the request body is not valid JSON", code: "invalid_json")
        }
        guard let obj = any as? [String: Any] else { throw APIError.badRequest("the request body must be a JSON object", code: "invalid_json") }
        return obj
    }
}

extension APIError {
    /// The shape OpenAI clients expect: `{"error": {"message", "type", "param", "code"}}`.
    var openAIResponse: Response {
        var out = "{\"error\": {\"message\": \(JSONText.string(message)), \"type\": \"\(status.code >= 500 ? "server_error" : "invalid_request_error")\", "
        out += "\"param\": \(field.map(JSONText.string) ?? "null"), \"code\": \(JSONText.string(code))}}\n"
        var h = headers
        h[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: h, body: ResponseBody(byteBuffer: ByteBuffer(string: out)))
    }
}
