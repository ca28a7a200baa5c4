import Hummingbird
import Logging

/// Turns what a route throws into its response: an `APIError`
/// answers in its own shape; anything else is logged with the request id and answered with a
/// generic 500, never shown raw. The middlewares outside it only ever see responses.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            let e = APIError.internal(requestID: context.id)
            return try APIError.encoded(APIError.Body(e), status: e.status, headers: [:], cache: "no-store")
        }
    }
}
