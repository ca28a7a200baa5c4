import Testing
@testable import QuireMarkdown

@Suite struct AdmonitionTests {
    @Test func nesting() {
        let md = "::::note[Outer]\nA\n\n:::tip\nB\n:::\n\nC\n::::\n"
        let html = render(md).html
        #expect(html == """
            <div class="admonition admonition-note"><p class="admonition-title">Outer</p><div class="admonition-content">
            <p>A</p>
            <div class="admonition admonition-tip"><p class="admonition-title">Tip</p><div class="admonition-content">
            <p>B</p>
            </div></div>
            <p>C</p>
            </div></div>

            """)
    }

    @Test(arguments: ["note", "tip", "info", "warning", "danger", "caution", "important", "success", "secondary"])
    func types(_ type: String) {
        let html = render(":::\(type)\nx\n:::").html
        #expect(html.contains("admonition admonition-\(type)"))
        #expect(html.contains("<p class=\"admonition-title\">\(type.prefix(1).uppercased() + type.dropFirst())</p>"))
    }

    @Test func unknownTypeAndFencedCodeUntouched() {
        #expect(render(":::foo\nx\n:::").html == "<p>:::foo\nx\n:::</p>\n")
        #expect(render("```\n:::note\n```").html.contains(":::note"))
    }

    @Test func titleForms() {
        #expect(render(":::tip My title\nx\n:::").html.contains("<p class=\"admonition-title\">My title</p>"))
        #expect(render(":::tip[With `code`]\nx\n:::").html.contains("<p class=\"admonition-title\">With <code>code</code></p>"))
    }
}

@Suite struct TabsTests {
    @Test func structure() {
        let md = """
            <Tabs groupId="os" defaultValue="mac">
            <TabItem value="win" label="Windows">

            Use **Ctrl**.

            </TabItem>
            <TabItem value="mac" label="macOS">Use Cmd.</TabItem>
            </Tabs>
            """
        let doc = render(md)
        #expect(doc.usesTabs)
        #expect(doc.warnings.isEmpty)
        #expect(doc.html.contains("<div class=\"tabs\" data-group-id=\"os\"><div class=\"tabs-list\" role=\"tablist\"><button type=\"button\" role=\"tab\" class=\"tab\" aria-selected=\"false\" data-value=\"win\">Windows</button><button type=\"button\" role=\"tab\" class=\"tab\" aria-selected=\"true\" data-value=\"mac\">macOS</button></div>"))
        #expect(doc.html.contains("<div class=\"tab-panel\" role=\"tabpanel\" data-value=\"win\" hidden>"))
        #expect(doc.html.contains("<p>Use <strong>Ctrl</strong>.</p>"))
        #expect(doc.html.contains("<div class=\"tab-panel\" role=\"tabpanel\" data-value=\"mac\">\n<p>Use Cmd.</p>"))
        #expect(doc.blocks.map(\.text) == ["Windows", "Use Ctrl.", "macOS", "Use Cmd."])
    }

    @Test func indentedContentIsNotCode() {
        let md = "<Tabs>\n  <TabItem value=\"a\" label=\"A\" default>\n    Text A\n  </TabItem>\n</Tabs>\n"
        let html = render(md).html
        #expect(html.contains("<p>Text A</p>"))
        #expect(!html.contains("<pre"))
    }

    @Test func valuesProp() {
        let md = "<Tabs values={[{label: 'Apple', value: 'apple'}, {label: 'Pear', value: 'pear'}]}>\n<TabItem value=\"apple\">a</TabItem>\n<TabItem value=\"pear\">p</TabItem>\n</Tabs>"
        let html = render(md).html
        #expect(html.contains("data-value=\"apple\">Apple</button>"))
        #expect(html.contains("data-value=\"pear\">Pear</button>"))
    }
}

@Suite struct CodeTests {
    @Test func meta() {
        let m = CodeMeta("ts title=\"src/a.ts\" {1,3-5} showLineNumbers")
        #expect(m.language == "ts")
        #expect(m.title == "src/a.ts")
        #expect((1...6).map(m.isHighlighted) == [true, false, true, true, true, false])
        #expect(m.showLineNumbers)
        #expect(CodeMeta("js{2}").language == "js")
        #expect(CodeMeta("js{2}").isHighlighted(2))
        #expect(CodeMeta("py title='x y.py'").title == "x y.py")
    }

    @Test func magicComments() {
        let md = "```py\n# highlight-next-line\na = 1\nb = 2\n# highlight-start\nc = 3\n# highlight-end\n```"
        let html = render(md).html
        #expect(html == "<div class=\"code-block\"><pre><code class=\"language-py\"><span class=\"line highlighted\">a = 1\n</span><span class=\"line\">b = 2\n</span><span class=\"line highlighted\">c = 3\n</span></code></pre></div>\n")
        #expect(render("```html\n<!-- highlight-next-line -->\n<b>x</b>\n```").html.contains("<span class=\"line highlighted\">&lt;b&gt;x&lt;/b&gt;"))
        #expect(render("```jsx\n{/* highlight-next-line */}\nx\n```").html.contains("<span class=\"line highlighted\">x"))
    }

    @Test func rangesKeepComments() {
        let html = render("```js {1}\n// highlight-next-line\nx\n```").html
        #expect(html.contains("<span class=\"line highlighted\">// highlight-next-line"))
    }

    @Test func mermaidAndUsesCode() {
        let doc = render("```mermaid\nA-->B\n```")
        #expect(doc.html == "<pre class=\"mermaid\">A--&gt;B\n</pre>\n")
        #expect(doc.usesMermaid && !doc.usesCode)
        #expect(!render("```\nplain\n```").usesCode)
        #expect(render("```sh\nls\n```").usesCode)
    }

    @Test func mdxCodeBlockUnwrapped() {
        let md = "````mdx-code-block\n<details>\n<summary>S</summary>\n\n```js\nx\n```\n\n</details>\n````"
        let html = render(md).html
        #expect(html.contains("<details>"))
        #expect(html.contains("<summary>S</summary>"))
        #expect(html.contains("<code class=\"language-js\"><span class=\"line\">x\n</span>"))
        #expect(!html.contains("mdx-code-block"))
    }
}

@Suite struct MathTests {
    @Test(arguments: [
        ("$x$", "<p><span class=\"math math-inline\">x</span></p>\n"),
        ("costs $5 and $10", "<p>costs $5 and $10</p>\n"),
        ("$ x $", "<p>$ x $</p>\n"),
        ("$x$5", "<p>$x$5</p>\n"),
        ("`$x$`", "<p><code>$x$</code></p>\n"),
        ("\\$x$", "<p>$x$</p>\n"),
        ("$a_1 * b_1 < c$", "<p><span class=\"math math-inline\">a_1 * b_1 &lt; c</span></p>\n"),
        ("$\\{x\\}$", "<p><span class=\"math math-inline\">\\{x\\}</span></p>\n"),
        ("$$\nx^2\n$$", "<div class=\"math math-display\">x^2</div>\n"),
        ("$$ y $$", "<div class=\"math math-display\">y</div>\n"),
    ])
    func cases(_ md: String, _ html: String) {
        #expect(render(md).html == html)
    }

    @Test func usesMathAndBlocks() {
        let doc = render("Text $a+b$.\n\n$$\n\\sum_i x_i\n$$\n")
        #expect(doc.usesMath)
        #expect(doc.blocks.map(\.text) == ["Text $a+b$.", "\\sum_i x_i"])
        #expect(doc.blocks.map(\.kind) == [.paragraph, .math])
        #expect(!render("```\n$x$\n```").usesMath)
    }
}

@Suite struct WarningAndLineTests {
    @Test func linesIncludeOffset() {
        let md = "Intro\n\n<Foo>\n\nchild\n\n</Foo>\n\n[a](b.md)\n\nx <Bar x=\"1\">y</Bar>\n\n<Baz />\n"
        let doc = render(md, lineOffset: 4)
        #expect(doc.warnings == [
            MarkdownWarning(line: 7, message: "unknown component <Foo> rendered as its children"),
            MarkdownWarning(line: 15, message: "unknown component <Bar> rendered as its children"),
            MarkdownWarning(line: 17, message: "unknown component <Baz /> left out"),
        ])
        #expect(doc.html.contains("<p>child</p>"))
        #expect(doc.links == [Link(original: "b.md", resolved: "b.md", line: 13)])
    }

    @Test func resolverAndImportsAndExpressions() {
        let md = "import X from '@site/x';\nimport {\n  A,\n  B,\n} from 'y';\n\n[p](./p.md#x)\n\n<BrowserOnly>\n  {() => {\n    return <div>{window.location.href}</div>;\n  }}\n</BrowserOnly>\n"
        let doc = render(md, resolve: { $0 == "./p.md#x" ? "/docs/p#x" : nil })
        #expect(doc.html == "<p><a href=\"/docs/p#x\">p</a></p>\n")
        #expect(doc.links.first?.line == 7)
    }

    @Test func concurrentRenders() async {
        let md = "# T\n\n:::tip\n$x$ and [l](a.md)\n:::\n"
        let expected = render(md).html
        await withTaskGroup(of: String.self) { group in
            for _ in 0..<32 { group.addTask { MarkdownRenderer().render(md).html } }
            for await html in group { #expect(html == expected) }
        }
    }
}
