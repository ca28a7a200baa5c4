import HTTPTypes
import Hummingbird

/// What answers when no route matches (the router's not-found responder):
/// - `OPTIONS` on an API path: 204 with `Allow` (CORS preflight; `CORSAllowlistMiddleware` adds the rest);
/// - a known route asked with another method: 405 with `Allow`;
/// - any other `/api/` or `/v1/` path: 404 `not_found`;
/// - everything else: the built site (`StaticFiles`), or 404 when the server has none.
///
/// It is added to the router after the routes, so it wraps only the not-found responder.
/// It also stores the request's `RouteLabel` for metrics, logs and error shapes.
struct FallbackMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Path → methods of every registered route.
    let routes: [String: [HTTPRequest.Method]]
    let site: StaticFiles?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as HTTPError where e.status == .notFound {
            return try respond(request, context)
        }
    }

    func respond(_ request: Request, _ context: Context) throws -> Response {
        let path = request.uri.path
        let known = routes[path]
        let label = known != nil ? RouteLabel(name: path) : path.hasPrefix("/api/") || path.hasPrefix("/v1/") ? .unknownAPI : .site
        label.store(in: context)
        if label != .site, request.method == .options {
            return Response(status: .noContent, headers: [.allow: "GET, POST, OPTIONS"])
        }
        if let known {
            let allowed = known.map(\.rawValue)
            throw APIError(.methodNotAllowed, "method_not_allowed", "use \(allowed.joined(separator: " or ")) for \(path)")
                .with(.allow, allowed.joined(separator: ", "))
        }
        if label == .unknownAPI {
            throw APIError(.notFound, "not_found", "no such API route: \(request.method.rawValue) \(path)")
        }
        guard let site else { throw APIError(.notFound, "not_found", "no such page: \(path)") }
        return try site.respond(request)
    }
}
