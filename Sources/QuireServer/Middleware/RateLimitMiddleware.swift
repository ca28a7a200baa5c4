import Hummingbird

/// Per-client rate limit on the routes of its group (search, ask, feedback, chat): over the
/// limit is a 429 with `Retry-After` in whole seconds, counted in `quire_rate_limited_requests_total`.
struct RateLimitMiddleware<Context: RequestContext & RemoteAddressRequestContext>: RouterMiddleware {
    let limiter: RateLimiter
    let clients: ClientAddress
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if limiter.enabled, let wait = limiter.take(clients.of(request, context)) {
            metrics.rateLimited.increment()
            throw APIError(.tooManyRequests, "rate_limited", "too many requests: the limit is \(limiter.perMinute) per minute per client; retry later")
                .with(.retryAfter, String(max(1, Int(wait.rounded(.up)))))
        }
        return try await next(request, context)
    }
}
