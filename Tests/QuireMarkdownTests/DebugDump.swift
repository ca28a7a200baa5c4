import Testing
@testable import QuireMarkdown
#if canImport(Glibc)
import Glibc
#endif

/// `QUIRE_MD_DUMP=file.md swift test --filter dump` prints what the renderer makes of a file.
@Test func dump() throws {
    guard let p = getenv("QUIRE_MD_DUMP") else { return }
    let doc = render(try readFile(String(cString: p)), lineOffset: 0, resolve: { $0.hasSuffix(".md") ? "/docs/" + $0 : nil })
    print(doc.html)
    for h in doc.headings { print("H", h) }
    for l in doc.links { print("L", l) }
    for w in doc.warnings { print("W", w) }
    for b in doc.blocks { print("B", b.kind, b.line, b.headingID ?? "-", b.text.debugDescription) }
    print("anchors", doc.extraAnchors, "math", doc.usesMath, "mermaid", doc.usesMermaid, "tabs", doc.usesTabs, "code", doc.usesCode)
}

/// `QUIRE_MD_PHASES=1`: time the phases on the corpora (release builds only make sense).
@Test func phases() throws {
    guard getenv("QUIRE_MD_PHASES") != nil, access(CorpusTests.root, F_OK) == 0 else { return }
    let sources = CorpusTests.markdownFiles(CorpusTests.root).map { try! readFile($0) }
    let bytes = sources.reduce(0) { $0 + $1.utf8.count }
    var t = clock_gettime_ns()
    var pres: [Preprocessed] = []
    for s in sources { var p = Preprocessor(Array(s.utf8)); pres.append(p.run()) }
    print("preprocess", Double(bytes) / 1_048_576 / (Double(clock_gettime_ns() - t) / 1e9), "MiB/s")
    t = clock_gettime_ns()
    var n = 0
    for p in pres { Cmark.withDocument(p.text) { _ in n += 1 } }
    print("cmark parse", Double(bytes) / 1_048_576 / (Double(clock_gettime_ns() - t) / 1e9), "MiB/s")
    t = clock_gettime_ns()
    for p in pres {
        let w = HTMLWriter(pre: p, lineOffset: 0, resolveLink: { _ in nil })
        Cmark.withDocument(p.text) { w.renderBlock($0) }
    }
    print("parse+write", Double(bytes) / 1_048_576 / (Double(clock_gettime_ns() - t) / 1e9), "MiB/s")
}
