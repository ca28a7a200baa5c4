import Foundation
import QuireEmbedding
import Testing

@Suite struct TokenizerTests {
    @Test func goldenTokenIDs() throws {
        let tok = try embedder().tokenizer
        for item in Golden.shared.items {
            #expect(tok.encode(item.text) == item.input_ids, "ids of \(item.text.debugDescription)")
            #expect(tok.tokens(item.text) == item.tokens, "tokens of \(item.text.debugDescription)")
        }
    }

    /// The fine points of RECIPE.md: accent stripping before lowercasing, what is deleted vs
    /// turned into a space, what counts as a character for the 100-character limit, punctuation.
    @Test(arguments: FineTokens.shared.items.map(\.case))
    func fineTokens(_ name: String) throws {
        let tok = try embedder().tokenizer
        let item = FineTokens.shared.items.first { $0.case == name }!
        #expect(tok.tokens(item.text) == item.tokens, "\(name): \(item.text.debugDescription)")
        #expect(tok.encode(item.text) == item.input_ids, "\(name)")
    }

    @Test func blankAndEmptyAreCLSSEP() throws {
        let tok = try embedder().tokenizer
        for text in ["", " ", "\n\t \r\n", "\u{200B}", "\u{0000}"] {
            #expect(tok.encode(text) == [101, 102], "\(text.debugDescription)")
            #expect(tok.tokenCount(text) == 2)
        }
    }

    @Test func truncatesTo256ButCountsAll() throws {
        let tok = try embedder().tokenizer
        let text = Array(repeating: "robot arm", count: 300).joined(separator: " ")
        let ids = tok.encode(text)
        #expect(ids.count == 256)
        #expect(ids.first == 101 && ids.last == 102)
        #expect(tok.tokenCount(text) == 602)
    }

    @Test func countMatchesEncodeBelowLimit() throws {
        let tok = try embedder().tokenizer
        for item in Golden.shared.items + FineTokens.shared.items.map({ .init(text: $0.text, input_ids: $0.input_ids, tokens: $0.tokens, embedding: []) })
        where item.input_ids.count < 256 {
            #expect(tok.tokenCount(item.text) == item.input_ids.count, "\(item.text.debugDescription)")
        }
    }

    /// The ASCII fast path and the Unicode path agree (a trailing "é" forces the Unicode path).
    @Test func asciiPathMatchesUnicodePath() throws {
        let tok = try embedder().tokenizer
        let samples = ["Hello, World! x=[1,2]; y={'a': 1} ~`^|$<>", "tab\tsep\u{0B}vt\u{0C}ff\u{7F}del\u{01}ctl",
                       "ROS 2 Humble: `ros2 launch pkg file.launch.py`", "   leading and trailing   "]
        for s in samples {
            let a = tok.tokens(s)
            let u = tok.tokens(s + " é")
            #expect(Array(u.dropLast(2)) == Array(a.dropLast()), "\(s.debugDescription)")
        }
    }

    @Test func tinyVocabulary() {
        var vocab = (0..<103).map { "[unused\($0)]" }
        vocab[0] = "[PAD]"; vocab[100] = "[UNK]"; vocab[101] = "[CLS]"; vocab[102] = "[SEP]"
        vocab += ["un", "##aff", "##able", "aff", "!"]
        let tok = WordPieceTokenizer(vocabulary: vocab, maxSequenceLength: 5)
        #expect(tok.tokens("unaffable!") == ["[CLS]", "un", "##aff", "##able", "[SEP]"])
        #expect(tok.tokens("unaffablex") == ["[CLS]", "[UNK]", "[SEP]"])
        #expect(tok.tokenCount("unaffable! aff") == 7)
    }
}
