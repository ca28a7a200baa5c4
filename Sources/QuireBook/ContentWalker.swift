import Foundation
import QuireSupport

/// Lists the docs, assets and category files under the content root. Symbolic links are
/// followed only when they resolve inside the root (a page linked to `/etc/passwd`, an image
/// linked to a file elsewhere or a folder linked to `/etc` is refused with an error), and a
/// folder reached twice through links is walked once.
struct ContentWalker {
    let root: URL
    /// The root with every link resolved: what "inside" is measured against.
    let realRoot: String
    private(set) var errors: [QuireError] = []
    private var visited = Set<String>()

    init(root: URL) {
        self.root = root
        self.realRoot = Self.realPath(root.path) ?? root.standardizedFileURL.path
        visited.insert(realRoot)
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// True when `real` (a resolved path) is the root or under it.
    func isInside(_ real: String) -> Bool {
        real == realRoot || real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/")
    }

    mutating func walk(relative: String, docs: inout [String], assets: inout [String],
                       categoryFiles: inout [String: String]) throws {
        let dirURL = relative.isEmpty ? root : root.appendingPathComponent(relative)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: dirURL.path)
        } catch {
            throw QuireError(.content, "cannot list folder: \(error.localizedDescription)", file: dirURL.path)
        }
        for name in names.sorted() {
            if name.hasPrefix(".") || name == "node_modules" { continue }
            let rel = relative.isEmpty ? name : relative + "/" + name
            let path = root.appendingPathComponent(rel).path
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            var isDir = (st.st_mode & S_IFMT) == S_IFDIR
            if (st.st_mode & S_IFMT) == S_IFLNK {
                guard let real = Self.realPath(path) else {
                    errors.append(QuireError(.symlink, "symbolic link points to nothing (broken link); remove it or fix its target", file: rel))
                    continue
                }
                guard isInside(real) else {
                    errors.append(QuireError(.symlink, "symbolic link points outside the content folder (to \(real)); copy the file into the book instead", file: rel))
                    continue
                }
                guard stat(real, &st) == 0 else { continue }
                isDir = (st.st_mode & S_IFMT) == S_IFDIR
            }
            if !isDir && (st.st_mode & S_IFMT) != S_IFREG {
                errors.append(QuireError(.content, "not a regular file or folder (a device, pipe or socket); remove it", file: rel))
                continue
            }
            if isDir {
                if name.hasPrefix("_") { continue }
                // A link back to a folder already walked (or to an ancestor) would loop.
                if let real = Self.realPath(path) {
                    if visited.contains(real) { continue }
                    visited.insert(real)
                }
                try walk(relative: rel, docs: &docs, assets: &assets, categoryFiles: &categoryFiles)
                continue
            }
            if ["_category_.json", "_category_.yml", "_category_.yaml"].contains(name) {
                let dir = relative.isEmpty ? "." : relative
                if categoryFiles[dir] == nil || name == "_category_.json" { categoryFiles[dir] = rel }
                continue
            }
            let lower = name.lowercased()
            if name.hasPrefix("_") { continue }  // partials
            if lower.hasSuffix(".md") || lower.hasSuffix(".mdx") {
                docs.append(rel)
            } else {
                assets.append(rel)
            }
        }
    }
}
