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
