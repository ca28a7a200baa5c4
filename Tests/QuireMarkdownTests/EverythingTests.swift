import Testing
@testable import QuireMarkdown
#if canImport(Glibc)
import Glibc
#endif

/// The "everything" fixture: every feature in one page, compared with a stored golden file.
/// Set `QUIRE_UPDATE_GOLDEN=1` to rewrite `everything.html` (then read it before committing).
@Suite struct EverythingTests {
    static let resolver: LinkResolver = { dest in
        if dest.hasPrefix("./other.md") { return "/docs/other" + dest.dropFirst("./other.md".count) }
        if dest == "../intro.md" { return "/docs/intro" }
        return nil
    }

    static func renderFixture() throws -> MarkdownDocument {
        MarkdownRenderer().render(try fixture("everything.md"), lineOffset: 3, resolveLink: resolver)
    }

    @Test func matchesGolden() throws {
        let doc = try Self.renderFixture()
        let goldenPath = fixturePath("everything.html")
        if getenv("QUIRE_UPDATE_GOLDEN") != nil {
            let f = fopen(goldenPath, "wb")!
            fputs(doc.html, f)
            fclose(f)
        }
        let golden = try readFile(goldenPath)
        #expect(doc.html == golden)
    }

    /// Pages are rendered in parallel: cmark-gfm's process-wide table of extension characters
    /// once made concurrent renders lose strikethrough and autolinks at random.
    @Test func concurrentRendersAllMatchTheGolden() async throws {
        let golden = try readFile(fixturePath("everything.html"))
        let source = try fixture("everything.md")
        let outputs = await withTaskGroup(of: String.self) { group in
            for _ in 0..<200 {
                group.addTask { MarkdownRenderer().render(source, lineOffset: 3, resolveLink: Self.resolver).html }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outputs.count == 200)
        #expect(outputs.filter { $0 != golden }.count == 0)
    }

    @Test func metadata() throws {
        let doc = try Self.renderFixture()
        #expect(doc.usesMath && doc.usesMermaid && doc.usesTabs && doc.usesCode)
        #expect(doc.firstH1 == "Everything Quire renders")
        #expect(doc.headings.map(\.id) == [
            "everything-quire-renders", "headings-and-ids", "duplicate", "duplicate-1", "my-custom-id",
            "c--rust-100-fast", "ünïcödé-日本語-heading", "lists-and-tables", "admonitions", "tabs",
            "details", "code", "math", "raw-html-and-safety", "components",
        ])
        #expect(doc.headings.first?.line == 10)  // file line: 3 lines of front matter + 7
        #expect(doc.links.contains(Link(original: "./other.md#part", resolved: "/docs/other#part", line: 12)))
        #expect(doc.links.contains(Link(original: "../intro.md", resolved: "/docs/intro", line: 42)))
        #expect(!doc.links.contains(where: { $0.original.hasPrefix("javascript:") }))
        #expect(doc.extraAnchors.contains("raw-anchor"))
        #expect(doc.extraAnchors.contains("wrapped"))
        #expect(doc.warnings.map(\.description) == [
            "139: unknown component <BrowserOnly> rendered as its children",
            "143: unknown component <Highlight> rendered as its children",
            "145: unknown component <DocCardList /> left out",
        ])
    }

    @Test func blocks() throws {
        let doc = try Self.renderFixture()
        let texts = doc.blocks.map(\.text)
        #expect(texts.contains("Default title with a link."))
        #expect(texts.contains("Outer bold title"))
        #expect(texts.contains("Python"))
        #expect(texts.contains("C++ text with markup."))
        #expect(texts.contains("done\ntodo\nnested one\nnested two"))
        #expect(texts.contains("Left | Center | Right\na | b | c"))
        #expect(texts.contains("\\int_0^1 x^2 \\, dx = \\frac{1}{3}"))
        #expect(!texts.contains(where: { $0.contains("<") && !$0.contains("x = 1 < 2") && !$0.contains("-->") }))
        let code = doc.blocks.first(where: { $0.language == "py" })
        #expect(code?.text == "def hello():\n    return \"hi\"")
        #expect(code?.headingID == "tabs")
        let math = doc.blocks.first(where: { $0.kind == .math })
        #expect(math?.headingID == "math")
    }
}

func fixturePath(_ name: String) -> String {
    String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")) + "/Fixtures/" + name
}
