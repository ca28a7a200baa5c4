import Testing
import QuireSupport

@Suite struct TerminalTextTests {
    @Test func controlCharactersAreShownNotSent() {
        let comment = "ok\u{1B}[2J\u{1B}]0;pwned\u{07}\u{0}tail\n   12  fake report line\r\u{202E}gnp.exe\u{9B}31m"
        let shown = TerminalText.escape(comment)
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        #expect(shown == "ok\\u{1B}[2J\\u{1B}]0;pwned\\u{7}\\u{0}tail\\n   12  fake report line\\r\\u{202E}gnp.exe\\u{9B}31m")
    }

    @Test func ordinaryTextIsUnchanged() {
        #expect(TerminalText.escape("Wie lange dauert's? 日本語 — ok") == "Wie lange dauert's? 日本語 — ok")
        #expect(TerminalText.escape("a\\u{1B}b") == "a\\\\u{1B}b")
    }
}

@Suite struct ErrorLineTests {
    /// A file name or slug with a newline cannot start a line of its own in a CI log.
    @Test func errorsAndWarningsStayOnOneLine() {
        let e = QuireError(.frontMatter, "'slug' must not contain '..' (got '/a\n::error::pwned\u{1B}[2J')", file: "docs/x\n::warning::y.md", line: 3)
        #expect(e.description == "docs/x\\n::warning::y.md:3: 'slug' must not contain '..' (got '/a\\n::error::pwned\\u{1B}[2J')")
        let w = Diagnostic(.warning, "broken link '\r\n::error::x'", file: "a.md", line: 1)
        #expect(w.description == "a.md:1: warning: broken link '\\r\\n::error::x'")
        #expect(QuireError(.content, "plain \\ path", file: "a\\b.md").description == "a\\b.md: plain \\ path")
    }
}
