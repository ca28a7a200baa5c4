import Foundation
import QuireSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writes files of the site; text files of 1 KB or more also get a precompressed `.gz`.
struct SiteWriter: Sendable {
    let root: URL
    static let compressible: Set<String> = ["html", "css", "js", "xml", "txt", "svg", "json", "map", "mjs"]

    /// Folders already created (shared by the threads writing pages).
    private let made = MadeDirectories()

    init(root: URL) { self.root = root }

    func write(_ data: Data, to relativePath: String) throws {
        // Every path comes from the book (slugs, asset names): none may leave the site folder.
        // The book loader refuses such slugs; this is the last line of defence.
        if relativePath.hasPrefix("/") || relativePath.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0 == "." })
            || relativePath.utf8.contains(0) {
            throw QuireError(.write, "refusing to write outside the site folder: '\(relativePath)'", file: root.path)
        }
        let url = root.appendingPathComponent(relativePath)
        let dir = url.deletingLastPathComponent()
        if !made.contains(dir.path) {
            // One mkdir when the parent exists (the usual case); FileManager for the rest.
            if mkdir(dir.path, 0o755) != 0 && errno != EEXIST {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            }
            made.insert(dir.path)
        }
        do {
            try Self.writeFile(data, path: url.path)
            if data.count >= 1024, Self.compressible.contains(url.pathExtension.lowercased()) {
                try Self.writeFile(Zlib.gzip(data, level: 6), path: url.path + ".gz")
            }
        } catch {
            throw QuireError(.write, "cannot write: \(error.localizedDescription)", file: url.path)
        }
    }

    /// Plain open/write/close: `Data.write(to:)` costs more per file (and thousands are written).
    private static func writeFile(_ data: Data, path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError.error(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))]) }
        defer { close(fd) }
        try data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CocoaError.error(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
                }
                off += n
            }
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

/// Set of created folder paths, safe to use from many threads.
final class MadeDirectories: Sendable {
    private let paths = Mutex(Set<String>())
    func contains(_ p: String) -> Bool { paths.withLock { $0.contains(p) } }
    func insert(_ p: String) { paths.withLock { _ = $0.insert(p) } }
}
