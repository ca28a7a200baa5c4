import Foundation
import QuireSupport

/// The default theme (templates/ of the repository, without vendor/) compiled into the
/// binary, so `quire build` works from any folder with the executable alone.
/// `folder()` writes it once per user into a cache folder named by its content hash and
/// returns that folder; `--templates` and `$QUIRE_TEMPLATES` replace it.
public enum EmbeddedTheme {
    /// Every file: path under templates/ and its bytes.
    public static var files: [(path: String, data: Data)] {
        encodedFiles.map { ($0.path, Data(base64Encoded: $0.base64) ?? Data()) }
    }

    /// The theme as a folder on disk (written on first use; later calls reuse it).
    public static func folder() throws -> URL {
        let fm = FileManager.default
        let parent = try cacheParent()
        let dir = parent.appendingPathComponent("theme-\(hash)")
        let marker = dir.appendingPathComponent(".complete")
        if fm.fileExists(atPath: marker.path) { return dir }
        // Written beside, then renamed into place: a concurrent build sees all or nothing.
        let tmp = parent.appendingPathComponent(".theme-\(hash)-\(getpid())-\(UUID().uuidString.prefix(8))")
        do {
            for (path, data) in files {
                let url = tmp.appendingPathComponent(path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            try Data().write(to: tmp.appendingPathComponent(".complete"))
            if rename(tmp.path, dir.path) != 0 {
                try? fm.removeItem(at: tmp)
                // Another build put it there first.
                guard fm.fileExists(atPath: marker.path) else {
                    throw QuireError(.templates, "cannot write the built-in theme (\(String(cString: strerror(errno)))); set --templates", file: dir.path)
                }
            }
        } catch let e as QuireError {
            throw e
        } catch {
            try? fm.removeItem(at: tmp)
            throw QuireError(.templates, "cannot write the built-in theme: \(error.localizedDescription); set --templates", file: dir.path)
        }
        return dir
    }

    /// `$XDG_CACHE_HOME/quire`, `~/.cache/quire`, else a folder of this user in the temp folder.
    static func cacheParent() throws -> URL {
        let env = ProcessInfo.processInfo.environment
        let fm = FileManager.default
        var candidates: [URL] = []
        if let x = env["XDG_CACHE_HOME"], x.hasPrefix("/") { candidates.append(URL(fileURLWithPath: x).appendingPathComponent("quire")) }
        if let h = env["HOME"], h.hasPrefix("/") { candidates.append(URL(fileURLWithPath: h).appendingPathComponent(".cache/quire")) }
        for c in candidates {
            if (try? fm.createDirectory(at: c, withIntermediateDirectories: true)) != nil, fm.isWritableFile(atPath: c.path) { return c }
        }
        // A shared temp folder: only a folder this user owns and no one else can write.
        let tmp = fm.temporaryDirectory.appendingPathComponent("quire-\(getuid())")
        _ = try? fm.createDirectory(at: tmp, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var st = stat()
        guard lstat(tmp.path, &st) == 0, st.st_uid == getuid(), (st.st_mode & S_IFMT) == S_IFDIR, st.st_mode & 0o022 == 0 else {
            throw QuireError(.templates, "no private folder to write the built-in theme to (set XDG_CACHE_HOME or --templates)", file: tmp.path)
        }
        return tmp
    }
}
