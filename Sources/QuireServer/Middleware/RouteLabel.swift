import Hummingbird

/// The route a request went to, as metrics, logs and error shapes name it (a bounded set):
/// the router's path of a matched route (`/api/search`), or what `FallbackMiddleware` decided
/// for the rest: the path of a known route asked with another method, `unknown_api` for other
/// `/api/` and `/v1/` paths, `static` for the site.
struct RouteLabel: Equatable, CustomStringConvertible {
    let description: String

    static let unknownAPI = RouteLabel(name: "unknown_api")
    static let site = RouteLabel(name: "static")

    init(name: String) {
        description = name
    }

    /// Read back from the context, where the router or `FallbackMiddleware` stored it.
    init(_ context: some RequestContext) {
        description = context.endpointPath ?? Self.unknownAPI.description
    }

    func store(in context: some RequestContext) {
        context.coreContext.endpointPath.value = description
    }

    /// Routes under `/v1/` answer errors in OpenAI's shape.
    var isOpenAI: Bool { description.hasPrefix("/v1/") }
}
