import Testing
@testable import QuireMarkdown
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every Markdown file of the real books in ../shared/corpora renders without a crash, with
/// balanced admonition/tab markup. The corpora are not part of the repository: without them
/// (or `$QUIRE_CORPORA`) the test is reported as skipped, with the reason, instead of passing.
@Suite struct CorpusTests {
    static let root: String = {
        if let e = getenv("QUIRE_CORPORA") { return String(cString: e) }
        let here = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        return here + "/../shared/corpora"
    }()

    static func markdownFiles(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name.hasPrefix(".") { continue }
            let path = dir + "/" + name
            if e.pointee.d_type == UInt8(DT_DIR) { out += markdownFiles(path) }
            else if name.hasSuffix(".md") || name.hasSuffix(".mdx") { out.append(path) }
        }
        return out.sorted()
    }

    /// The body after front matter, and the lines the front matter took.
    static func body(_ text: String) -> (String, Int) {
        guard text.hasPrefix("---\n") else { return (text, 0) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let end = lines.dropFirst().firstIndex(where: { $0 == "---" }) else { return (text, 0) }
        return (lines[(end + 1)...].joined(separator: "\n"), end + 1)
    }

    static var present: Bool { access(root, F_OK) == 0 }

    // Skipped, visibly, when ../shared/corpora is absent (a clone of this repository alone).
    @Test(.enabled(if: CorpusTests.present, "the corpora are not here: set QUIRE_CORPORA or put them in ../shared/corpora"))
    func rendersEveryCorpusFile() throws {
        let files = Self.markdownFiles(Self.root)
        #expect(files.count > 100)
        var bytes = 0
        var sources: [(String, Int, String)] = []
        for f in files {
            let (b, offset) = Self.body(try readFile(f))
            sources.append((b, offset, f))
            bytes += b.utf8.count
        }
        let renderer = MarkdownRenderer()
        let start = clock_gettime_ns()
        let docs = sources.map { renderer.render($0.0, lineOffset: $0.1, resolveLink: { _ in nil }) }
        let seconds = Double(clock_gettime_ns() - start) / 1e9
        var warnings = 0
        for (doc, (_, offset, f)) in zip(docs, sources) {
            warnings += doc.warnings.count
            #expect(!doc.html.contains("<script"), "\(f)")
            #expect(!doc.html.contains("<!--quire:"), "\(f)")
            #expect(!doc.html.contains("\u{E000}"), "\(f)")
            let opens = doc.html.count(of: "<div class=\"admonition ")
            #expect(doc.html.count(of: "<div class=\"admonition-content\">") == opens, "\(f)")
            for w in doc.warnings {
                #expect(w.line > offset, "\(f):\(w)")
                if getenv("QUIRE_MD_WARNINGS") != nil { print("warning \(f):\(w)") }
            }
        }
        let mbps = Double(bytes) / 1_048_576 / seconds
        print("corpora: \(files.count) files, \(bytes) bytes in \(seconds) s = \(mbps) MiB/s, \(warnings) warnings")
    }
}

func clock_gettime_ns() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

extension String {
    func count(of needle: String) -> Int {
        var n = 0
        var rest = self[...]
        while let r = rest.firstRange(of: needle) { n += 1; rest = rest[r.upperBound...] }
        return n
    }
}
