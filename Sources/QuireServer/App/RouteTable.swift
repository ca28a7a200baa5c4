import HTTPTypes
import Hummingbird

/// The router, remembering which methods each path answers, so that `FallbackMiddleware` can
/// tell a known route asked with another method (405 with `Allow`) from an unknown path (404).
/// Route groups made from it register through it with their full paths.
final class RouteTable<Context: RequestContext>: RouterMethods {
    let router: Router<Context>
    /// Path → methods, in the order they were registered.
    private(set) var methods: [String: [HTTPRequest.Method]] = [:]

    init(_ router: Router<Context>) {
        self.router = router
    }

    @discardableResult
    func on<Responder: HTTPResponder>(_ path: RouterPath, method: HTTPRequest.Method, responder: Responder) -> Self
    where Responder.Context == Context {
        methods[path.description, default: []].append(method)
        router.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult
    func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}
