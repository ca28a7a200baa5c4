import Foundation
import Hummingbird

/// Counts every request by route, method and status, and records its latency by route
/// (`quire_http_requests_total`, `quire_http_request_duration_seconds`; to the response head
/// for streams). Routes are `RouteLabel`s, a bounded set whatever clients ask for.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await next(request, context)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        metrics.request(route: RouteLabel(context).description, method: request.method.rawValue, status: response.status.code, seconds: seconds)
        return response
    }
}
