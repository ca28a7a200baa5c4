import Foundation
import HTTPTypes
import Hummingbird

/// Serves the built site: `/docs/x` from `docs/x/index.html`, `404.html` for misses,
/// precompressed `.gz` siblings when the client accepts gzip, immutable caching for hashed
/// assets, a short cache for HTML, ETags. Paths are decoded, dot segments and dot files are
/// refused, and the resolved file must stay inside the site folder (symlinks included).
struct StaticFiles: Sendable {
    let root: URL
    let rootPath: String
    /// The site's baseUrl (`/robots/`): pages are served under it (see `BaseURLRewrite`).
    let baseUrl: String

    init(root: URL) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        self.rootPath = self.root.path
        self.baseUrl = Self.baseURL(ofSite: self.root)
    }

    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8", "json": "application/json",
        "xml": "application/xml", "txt": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon", "woff": "font/woff", "woff2": "font/woff2",
        "ttf": "font/ttf", "otf": "font/otf", "pdf": "application/pdf", "wasm": "application/wasm",
        "map": "application/json", "webmanifest": "application/manifest+json", "qidx": "application/octet-stream",
        "mp4": "video/mp4", "webm": "video/webm",
    ]

    func contentType(_ path: String) -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        return Self.types[ext] ?? "application/octet-stream"
    }

    /// `true` for `name.<8+ hex>.ext` under `/assets/`: the content hash is in the name.
    static func isHashedAsset(_ urlPath: String) -> Bool {
        guard urlPath.hasPrefix("/assets/") else { return false }
        let name = urlPath.split(separator: "/").last ?? ""
        let parts = name.split(separator: ".")
        guard parts.count >= 3 else { return false }
        return parts.dropFirst().dropLast().contains { p in p.count >= 8 && p.allSatisfy(\.isHexDigit) }
    }

    /// The file for a URL path, or nil (missing, or refused).
    func resolve(_ urlPath: String) -> URL? {
        guard let decoded = urlPath.removingPercentEncoding, !decoded.contains("\0"), !decoded.contains("\\") else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        for s in segments where s == ".." || s == "." || (s.hasPrefix(".") && s != ".well-known") { return nil }
        var candidates: [String] = []
        let rel = segments.joined(separator: "/")
        if rel.isEmpty || decoded.hasSuffix("/") {
            candidates.append(rel.isEmpty ? "index.html" : rel + "/index.html")
        } else {
            candidates += [rel, rel + "/index.html", rel + ".html"]
        }
        let fm = FileManager.default
        for c in candidates {
            let url = root.appendingPathComponent(c).standardizedFileURL.resolvingSymlinksInPath()
            guard url.path.hasPrefix(rootPath + "/") else { continue }
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue { return url }
        }
        return nil
    }

    func respond(_ request: Request) throws -> Response {
        guard request.method == .get || request.method == .head else {
            throw APIError(.methodNotAllowed, "method_not_allowed", "only GET and HEAD are allowed here").with(.allow, "GET, HEAD")
        }
        var path = request.uri.path
        if baseUrl != "/" {
            // A site built for /robots/ lives there: `/` and `/robots` lead to it; other paths are no page.
            if path == "/" || path + "/" == baseUrl {
                let query = request.uri.query.map { "?" + $0 } ?? ""
                return Response(status: .found, headers: [.location: baseUrl + query, .cacheControl: "no-store"])
            }
            path = path.hasPrefix(baseUrl) ? "/" + String(path.dropFirst(baseUrl.count)) : ""
        }
        if !path.isEmpty, let file = resolve(path) {
            return try serve(file, urlPath: path, status: .ok, request: request)
        }
        if let notFound = resolve("/404.html") {
            var r = try serve(notFound, urlPath: "/404.html", status: .notFound, request: request, conditional: false)
            r.headers[.cacheControl] = "no-store"
            return r
        }
        throw APIError(.notFound, "not_found", "no such page: \(path)")
    }

    func serve(_ file: URL, urlPath: String, status: HTTPResponse.Status, request: Request, conditional: Bool = true) throws -> Response {
        let fm = FileManager.default
        let gzPath = gzipSibling(of: file)
        let hasGzip = gzPath != nil
        let useGzip = hasGzip && Self.acceptsGzip(request.headers[.acceptEncoding])
        let servedPath = useGzip ? gzPath! : file.path
        guard let attrs = try? fm.attributesOfItem(atPath: servedPath),
              let data = fm.contents(atPath: servedPath) else {
            throw APIError(.notFound, "not_found", "no such page: \(urlPath)")
        }
        let mtime = (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let etag = "W/\"\(data.count)-\(Int(mtime))\(useGzip ? "-gz" : "")\""
        var headers: HTTPFields = [.contentType: contentType(file.path)]
        if useGzip { headers[.contentEncoding] = "gzip" }
        if hasGzip { headers[.vary] = "Accept-Encoding" }
        headers[.eTag] = etag
        if Self.isHashedAsset(urlPath) {
            headers[.cacheControl] = "public, max-age=31536000, immutable"
        } else if headers[.contentType]!.hasPrefix("text/html") {
            headers[.cacheControl] = "public, max-age=60, must-revalidate"
        } else {
            headers[.cacheControl] = "public, max-age=3600"
        }
        headers[.xContentTypeOptions] = "nosniff"
        if conditional, let inm = request.headers[.ifNoneMatch], Self.noneMatch(inm, etag: etag) {
            return Response(status: .notModified, headers: headers)
        }
        if request.method == .head {
            headers[.contentLength] = String(data.count)
            return Response(status: status, headers: headers)
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The precompressed `<file>.gz`, when it is a regular file inside the site once symbolic
    /// links are resolved (the file itself was checked by `resolve`; its sibling is checked here).
    func gzipSibling(of file: URL) -> String? {
        let real = URL(fileURLWithPath: file.path + ".gz").standardizedFileURL.resolvingSymlinksInPath()
        guard real.path.hasPrefix(rootPath + "/"),
              (try? FileManager.default.attributesOfItem(atPath: real.path))?[.type] as? FileAttributeType == .typeRegular else { return nil }
        return real.path
    }

    /// `If-None-Match` matches: `*`, or any listed tag equal to `etag` by the weak comparison
    /// (RFC 9110 §13.1.2: `W/` prefixes ignored on both sides).
    static func noneMatch(_ header: String, etag: String) -> Bool {
        func opaque<S: StringProtocol>(_ tag: S) -> Substring {
            let t = Substring(tag.trimmingCharacters(in: .whitespaces))
            return t.hasPrefix("W/") ? t.dropFirst(2) : t
        }
        let mine = opaque(etag)
        for part in header.split(separator: ",") {
            let tag = part.trimmingCharacters(in: .whitespaces)
            if tag == "*" || opaque(tag) == mine { return true }
        }
        return false
    }

    /// `gzip` listed with a q-value above 0 (or `*`).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for part in header.lowercased().split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let coding = fields.first, coding == "gzip" || coding == "*" else { continue }
            let q = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if q > 0 { return true }
        }
        return false
    }
}
