import Foundation
import QuireSupport

/// What a bundle write produced, for the build's summary line and benchmarks.
public struct StaticBundleStats: Sendable, Equatable {
    public var files: Int
    /// Bytes on disk without the `.gz` copies.
    public var bytes: Int
    /// Bytes a reader would download for the whole bundle: the `.gz` size when there is one.
    public var compressedBytes: Int
}

extension StaticBundleWriter {
    /// Files of 1 KB or more get a precompressed `.gz` beside them (as the site's pages do).
    public static let gzipThreshold = 1024

    /// Writes the bundle into the site folder `root` (normally the build's staging folder,
    /// which replaces the output only when the whole build succeeded). A previous bundle
    /// folder there is replaced.
    @discardableResult
    public func write(into root: URL) throws -> StaticBundleStats {
        let fm = FileManager.default
        let folder = root.appendingPathComponent(StaticBundle.folder)
        try? fm.removeItem(at: folder)
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw QuireError(.write, "cannot create the search bundle folder: \(error.localizedDescription)", file: folder.path)
        }
        var stats = StaticBundleStats(files: 0, bytes: 0, compressedBytes: 0)
        for f in files() {
            let url = root.appendingPathComponent(f.path)
            try AtomicFile.write(f.data, to: url)
            stats.files += 1
            stats.bytes += f.data.count
            if f.data.count >= Self.gzipThreshold {
                let gz = Zlib.gzip(f.data, level: 9)
                try AtomicFile.write(gz, to: URL(fileURLWithPath: url.path + ".gz"))
                stats.compressedBytes += gz.count
            } else {
                stats.compressedBytes += f.data.count
            }
        }
        return stats
    }
}
