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
