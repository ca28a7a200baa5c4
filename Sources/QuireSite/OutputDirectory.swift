import Foundation
import QuireSupport

/// Builds go into a staging folder beside the output and replace it only when everything
/// succeeded, so a failed build leaves the previous output untouched.
public struct OutputDirectory: Sendable {
    /// Marker file proving a folder was written by Quire (and may be replaced).
    public static let marker = ".quire-site"

    public let final: URL
    public let staging: URL

    public init(_ final: URL) throws {
        self.final = final.standardizedFileURL
        let parent = self.final.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        self.staging = parent.appendingPathComponent(".\(self.final.lastPathComponent).quire-staging-\(getpid())")
        try? FileManager.default.removeItem(at: staging)
        try Self.checkReplaceable(self.final)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
    }

    /// Refuses to replace a non-empty folder that Quire did not write.
    static func checkReplaceable(_ url: URL) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else { return }
        guard isDir.boolValue else {
            throw QuireError(.output, "output path exists and is not a folder", file: url.path)
        }
        let items = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        if !items.isEmpty && !items.contains(marker) {
            throw QuireError(.output, "output folder is not empty and was not written by quire; refusing to replace it (choose another --out or empty it)", file: url.path)
        }
    }

    /// Swaps the staging folder into place.
    public func commit() throws {
        try Data("quire\n".utf8).write(to: staging.appendingPathComponent(Self.marker))
        let fm = FileManager.default
        let old = final.deletingLastPathComponent().appendingPathComponent(".\(final.lastPathComponent).quire-old-\(getpid())")
        try? fm.removeItem(at: old)
        let hadOld = fm.fileExists(atPath: final.path)
        if hadOld {
            guard rename(final.path, old.path) == 0 else {
                throw QuireError(.output, "cannot move the previous output aside: \(String(cString: strerror(errno)))", file: final.path)
            }
        }
        guard rename(staging.path, final.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadOld { _ = rename(old.path, final.path) }
            throw QuireError(.output, "cannot move the new output into place: \(reason)", file: final.path)
        }
        if hadOld { Self.removeTree(old) }
    }

    /// Removes a folder, its subfolders two levels down in parallel (a big site has
    /// thousands of page folders and a serial removal is a measurable part of a rebuild).
    static func removeTree(_ url: URL) {
        let fm = FileManager.default
        var parts: [String] = []
        for a in (try? fm.contentsOfDirectory(atPath: url.path)) ?? [] {
            let pa = url.path + "/" + a
            // Real folders only (attributesOfItem does not follow symbolic links).
            guard (try? fm.attributesOfItem(atPath: pa))?[.type] as? FileAttributeType == .typeDirectory else { continue }
            for b in (try? fm.contentsOfDirectory(atPath: pa)) ?? [] { parts.append(pa + "/" + b) }
        }
        let all = parts
        DispatchQueue.concurrentPerform(iterations: all.count) { i in
            try? FileManager.default.removeItem(atPath: all[i])
        }
        try? fm.removeItem(at: url)
    }

    /// Removes the staging folder (after a failure).
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
