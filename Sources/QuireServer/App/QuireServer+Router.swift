import Foundation
import Hummingbird

extension QuireServer {
    /// All of the server's HTTP surface. Middlewares, outermost first, for every request:
    /// request id + log line, metrics, CORS, errors → responses. Then the route groups:
    ///
    /// | group | routes | extra middleware |
    /// |---|---|---|
    /// | `/api` | `health`, `ready` (GET, HEAD) | |
    /// | `/api` | `search` (GET), `ask`, `feedback` (POST) | rate limit |
    /// | `/api/admin` | `reload` (POST) | bearer token |
    /// | `/v1` | `models` (GET) | |
    /// | `/v1` | `chat/completions` (POST) | rate limit |
    /// | `/` | `metrics` (GET) | |
    ///
    /// Anything else goes to `FallbackMiddleware`: preflights, 405s, API 404s and the site.
    func makeRouter() -> Router<QuireRequestContext> {
        let router = Router(context: QuireRequestContext.self)
        let clients = ClientAddress(trustedProxies: configuration.trustedProxies)
        router.addMiddleware {
            RequestLogMiddleware(clients: clients)
            RequestMetricsMiddleware(metrics: metrics)
            CORSAllowlistMiddleware(origins: configuration.corsOrigins)
            APIErrorMiddleware()
        }
        let limit = RateLimitMiddleware<QuireRequestContext>(limiter: RateLimiter(perMinute: configuration.rateLimit), clients: clients, metrics: metrics)
        let body = JSONBodyDecoder(limits: RequestLimits(configuration))
        let dataDir = configuration.dataDirectory
        let recorder = AnswerRecorder(metrics: metrics, questions: dataDir.map { EventLog(url: $0.appendingPathComponent("questions.jsonl"), durable: false) })
        let chat = ChatCompletionRoutes(engines: holder, body: body, recorder: recorder)

        let routes = RouteTable(router)
        StatusRoutes(engines: holder, metrics: metrics).add(api: routes.group("api"), root: routes)
        let limitedAPI = routes.group("api").add(middleware: limit)
        SearchRoutes(engines: holder, metrics: metrics, limits: body.limits).add(to: limitedAPI)
        AskRoutes(engines: holder, body: body, recorder: recorder).add(to: limitedAPI)
        FeedbackRoutes(body: body, feedback: dataDir.map { EventLog(url: $0.appendingPathComponent("feedback.jsonl"), durable: true) })
            .add(to: limitedAPI)
        AdminRoutes(reload: { [self] in self.reload() })
            .add(to: routes.group("api/admin").add(middleware: AdminAuthMiddleware(token: configuration.adminToken)))
        chat.add(models: routes.group("v1"))
        chat.add(completions: routes.group("v1").add(middleware: limit))

        // Added after the routes, so it wraps only the router's not-found responder.
        router.add(middleware: FallbackMiddleware(routes: routes.methods, site: configuration.siteDirectory.map(StaticFiles.init(root:))))
        return router
    }
}
