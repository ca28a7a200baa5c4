import Foundation
import Hummingbird
import Logging

/// Outermost: stamps every response with `X-Request-Id` (the id in the server's log) and logs
/// one line per request (method, path, status, ms, client); successful static files are not
/// logged, every API request and every error is.
struct RequestLogMiddleware<Context: RequestContext & RemoteAddressRequestContext>: RouterMiddleware {
    let clients: ClientAddress

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        var response = try await next(request, context)
        response.headers[.xRequestID] = context.id
        let route = RouteLabel(context)
        if route != .site || response.status.code >= 400 {
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            context.logger.info("request", metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
                "ms": "\(String(format: "%.2f", ms))", "client": "\(clients.of(request, context))",
            ])
        }
        return response
    }
}

/// The client's address: the peer, or the last untrusted hop of `X-Forwarded-For` when the
/// peer is a trusted proxy (rate limiting and logs use it).
struct ClientAddress: Sendable {
    let trustedProxies: Set<String>

    func of(_ request: Request, _ context: some RemoteAddressRequestContext) -> String {
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        guard trustedProxies.contains(peer), let xff = request.headers[.xForwardedFor] else { return peer }
        let hops = xff.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last(where: { !trustedProxies.contains($0) }) ?? hops.first ?? peer
    }
}
