import Foundation
import QuireSupport
import Synchronization

/// Appends JSON lines to a file in the data directory (questions asked, feedback given).
/// Each line is written with one `write` on an `O_APPEND` descriptor; `durable` files are
/// fsynced after each line.
final class EventLog: Sendable {
    let url: URL
    let durable: Bool
    /// One writer at a time (the directory is created, the line written, the file synced).
    private let writing = Mutex(())

    init(url: URL, durable: Bool) {
        self.url = url
        self.durable = durable
    }

    /// Appends `line` as one JSON line.
    func append(_ line: some Encodable) throws {
        let text = try ContractJSONEncoder().encode(line)
        try writing.withLock { _ in try appendLine(text) }
    }

    private func appendLine(_ jsonLine: String) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var bytes = Array((jsonLine + "\n").utf8)
        let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        if durable { _ = fsync(fd) }
        bytes.removeAll()
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
