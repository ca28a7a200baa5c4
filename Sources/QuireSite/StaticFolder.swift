import Foundation
import QuireSupport

/// A Docusaurus site's `static/` folder, copied to the output root as is (pages written
/// afterwards win). Only regular files: links and hidden files are left out.
enum StaticFolder {
    static func copy(_ dir: URL, with writer: SiteWriter) throws {
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: dir.path) else { return }
        var files: [String] = []
        while let rel = e.nextObject() as? String {
            if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var st = stat()
            guard lstat(dir.appendingPathComponent(rel).path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            files.append(rel)
        }
        for rel in files.sorted() {
            guard let data = fm.contents(atPath: dir.appendingPathComponent(rel).path) else {
                throw QuireError(.content, "cannot read file", file: dir.appendingPathComponent(rel).path)
            }
            try writer.write(data, to: rel)
        }
    }
}
