import Foundation

/// Writes files so that readers never see a half-written one: temp file in the same
/// directory, then `rename(2)`.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try data.write(to: tmp)
            if rename(tmp.path, url.path) != 0 {
                throw QuireError(.write, "cannot move \(tmp.path) into place: \(String(cString: strerror(errno)))", file: url.path)
            }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            if let e = error as? QuireError { throw e }
            throw QuireError(.write, "cannot write: \(error.localizedDescription)", file: url.path)
        }
    }

    public static func write(_ string: String, to url: URL) throws {
        try write(Data(string.utf8), to: url)
    }
}
