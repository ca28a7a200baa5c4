import Foundation
import QuireSupport

/// Writes files of the site; text files of 1 KB or more also get a precompressed `.gz`.
struct SiteWriter: Sendable {
    let root: URL
    static let compressible: Set<String> = ["html", "css", "js", "xml", "txt", "svg", "json", "map", "mjs"]

    func write(_ data: Data, to relativePath: String) throws {
        let url = root.appendingPathComponent(relativePath)
        let dir = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: dir.path) {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        do {
            try data.write(to: url)
            if data.count >= 1024, Self.compressible.contains(url.pathExtension.lowercased()) {
                try Zlib.gzip(data, level: 6).write(to: url.appendingPathExtension("gz"))
            }
        } catch {
            throw QuireError("write", "cannot write: \(error.localizedDescription)", file: url.path)
        }
    }

    func write(_ string: String, to relativePath: String) throws {
        try write(Data(string.utf8), to: relativePath)
    }

    /// Output file for a URL path (`/docs/a/b` → `docs/a/b/index.html`).
    static func filePath(forURL url: String, baseUrl: String) -> String {
        var p = url.hasPrefix(baseUrl) ? String(url.dropFirst(baseUrl.count)) : String(url.drop(while: { $0 == "/" }))
        p = p.removingPercentEncoding ?? p
        if p.hasSuffix(".html") { return p }
        if p.isEmpty { return "index.html" }
        if !p.hasSuffix("/") { p += "/" }
        return p + "index.html"
    }
}
