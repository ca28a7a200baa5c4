import Hummingbird

/// Guards the admin routes: without `QUIRE_ADMIN_TOKEN` they do not exist (404); with it they
/// need `Authorization: Bearer <token>` (401 otherwise), compared in constant time.
struct AdminAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else {
            throw APIError(.notFound, "not_found", "admin routes are off (set QUIRE_ADMIN_TOKEN to turn them on)")
        }
        guard let auth = request.headers[.authorization], auth.hasPrefix("Bearer "),
              Self.constantTimeEqual(String(auth.dropFirst(7)), token) else {
            throw APIError(.unauthorized, "unauthorized", "admin routes need Authorization: Bearer <QUIRE_ADMIN_TOKEN>")
                .with(.wwwAuthenticate, "Bearer")
        }
        return try await next(request, context)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
