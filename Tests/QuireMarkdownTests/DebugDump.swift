import Testing
@testable import QuireMarkdown
#if canImport(Glibc)
import Glibc
#endif

/// `QUIRE_MD_DUMP=file.md swift test --filter dump` prints what the renderer makes of a file.
/// A tool, not a check: disabled (reported as skipped) unless the variable is set; then it
/// still checks that the dump is of a rendered document.
@Test(.enabled(if: getenv("QUIRE_MD_DUMP") != nil, "set QUIRE_MD_DUMP=file.md to print a rendering"))
func dump() throws {
    let source = try readFile(String(cString: getenv("QUIRE_MD_DUMP")!))
    let doc = render(source, lineOffset: 0, resolve: { $0.hasSuffix(".md") ? "/docs/" + $0 : nil })
    #expect(source.isEmpty || !doc.html.isEmpty)
    print(doc.html)
    for h in doc.headings { print("H", h) }
    for l in doc.links { print("L", l) }
    for w in doc.warnings { print("W", w) }
    for b in doc.blocks { print("B", b.kind, b.line, b.headingID ?? "-", b.text.debugDescription) }
    print("anchors", doc.extraAnchors, "math", doc.usesMath, "mermaid", doc.usesMermaid, "tabs", doc.usesTabs, "code", doc.usesCode)
}

/// `QUIRE_MD_PHASES=1`: time the phases on the corpora (release builds only make sense).
/// A measurement: disabled (reported as skipped) unless asked for and the corpora are there.
@Test(.enabled(if: getenv("QUIRE_MD_PHASES") != nil && CorpusTests.present, "set QUIRE_MD_PHASES=1 (and have the corpora) to time the phases"))
func phases() throws {
    let sources = try CorpusTests.markdownFiles(CorpusTests.root).map { try readFile($0) }
    #expect(!sources.isEmpty)
    let bytes = sources.reduce(0) { $0 + $1.utf8.count }
    var t = clock_gettime_ns()
    var pres: [Preprocessed] = []
    for s in sources { var p = Preprocessor(Array(s.utf8)); pres.append(p.run()) }
    print("preprocess", Double(bytes) / 1_048_576 / (Double(clock_gettime_ns() - t) / 1e9), "MiB/s")
    t = clock_gettime_ns()
    var n = 0
    for p in pres { Cmark.withDocument(p.text) { _ in n += 1 } }
    #expect(n == pres.count)
    print("cmark parse", Double(bytes) / 1_048_576 / (Double(clock_gettime_ns() - t) / 1e9), "MiB/s")
    t = clock_gettime_ns()
    for p in pres {
        let w = HTMLWriter(pre: p, lineOffset: 0, resolveLink: { _ in nil })
        Cmark.withDocument(p.text) { w.renderBlock($0) }
    }
    print("parse+write", Double(bytes) / 1_048_576 / (Double(clock_gettime_ns() - t) / 1e9), "MiB/s")
}
