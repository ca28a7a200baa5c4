import Foundation
import Hummingbird

/// CORS for the origins in `corsOrigins` (`*`: any); no headers at all when the list is empty
/// or the request's `Origin` is not on it. A widget on another origin may read `Retry-After`
/// and `X-Request-Id`; preflights (`OPTIONS`, answered 204 by `FallbackMiddleware`) also get
/// the allowed methods and headers, cached for 10 minutes.
///
/// Unlike Hummingbird's `CORSMiddleware` it never answers a preflight itself: `OPTIONS` on a
/// page of the site is still the site's 405.
struct CORSAllowlistMiddleware<Context: RequestContext>: RouterMiddleware {
    let origins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard !origins.isEmpty, let origin = request.headers[.origin] else { return response }
        guard origins.contains("*") || origins.contains(origin) else { return response }
        response.headers[.accessControlAllowOrigin] = origins.contains("*") ? "*" : origin
        // Added to what the response already varies on (static files: Accept-Encoding), so a
        // shared cache never hands gzip to a client that did not ask for it.
        let vary = response.headers[values: .vary].flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        response.headers[.vary] = (vary.contains { $0.caseInsensitiveCompare("Origin") == .orderedSame } ? vary : vary + ["Origin"]).joined(separator: ", ")
        response.headers[.accessControlExposeHeaders] = "Retry-After, X-Request-Id"
        if request.method == .options {
            response.headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
            response.headers[.accessControlAllowHeaders] = "content-type, authorization"
            response.headers[.accessControlMaxAge] = "600"
        }
        return response
    }
}
