import Foundation
import HTTPTypes
import Hummingbird

/// A site built with a `baseUrl` such as `/robots/` (GitHub Pages project sites) is served under
/// it; the API stays at the root and answers under the base too (`/robots/api/ready` is
/// `/api/ready`: the widget probes `<baseUrl>api/ready`). Route matching happens before any
/// middleware runs, so the path is rewritten in front of the router.
struct BaseURLRewrite<Builder: HTTPResponderBuilder>: HTTPResponderBuilder {
    /// Starts and ends with `/`.
    let baseUrl: String
    let router: Builder

    func buildResponder() -> Rewriting<Builder.Responder> {
        Rewriting(baseUrl: baseUrl, inner: router.buildResponder())
    }

    struct Rewriting<Inner: HTTPResponder>: HTTPResponder {
        typealias Context = Inner.Context
        let baseUrl: String
        let inner: Inner

        func respond(to request: Request, context: Context) async throws -> Response {
            guard baseUrl != "/" else { return try await inner.respond(to: request, context: context) }
            let path = request.uri.path
            for api in ["api/", "v1/"] where path.hasPrefix(baseUrl + api) {
                var head = request.head
                head.path = "/" + String((head.path ?? path).dropFirst(baseUrl.count))
                return try await inner.respond(to: Request(head: head, body: request.body), context: context)
            }
            return try await inner.respond(to: request, context: context)
        }
    }
}

extension StaticFiles {
    /// The base URL a built site was made for: its `404.html` (or `index.html`) names it in
    /// `<meta name="quire-base">`. `/` when there is no site or no such tag.
    static func baseURL(ofSite site: URL?) -> String {
        guard let site else { return "/" }
        for name in ["404.html", "index.html"] {
            guard let data = FileManager.default.contents(atPath: site.appendingPathComponent(name).path),
                  case let html = String(decoding: data.prefix(16 * 1024), as: UTF8.self),
                  let r = html.range(of: #"<meta name="quire-base" content="([^"]*)">"#, options: .regularExpression) else { continue }
            let tag = html[r]
            guard let start = tag.range(of: "content=\"")?.upperBound, let end = tag[start...].firstIndex(of: "\"") else { continue }
            var base = String(tag[start..<end])
            guard base.hasPrefix("/"), !base.contains(".."), !base.contains("\\") else { return "/" }
            if !base.hasSuffix("/") { base += "/" }
            return base
        }
        return "/"
    }
}
