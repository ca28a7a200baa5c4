/// Turns text into index terms: Unicode-aware word splitting, lowercasing, stop-word
/// removal and Porter2 stemming. The same function runs at build time and at query time,
/// so both sides always agree.
///
/// - A word is a run of letters, digits and marks (any script); an apostrophe (`'` or `’`)
///   between two letters stays inside the word (`robot's` → Porter2 drops the `'s`).
/// - Ideographic characters (CJK) have no spaces between words: each one is a term.
/// - Words longer than `maxWordLength` UTF-8 bytes are dropped (hashes, base64, minified code).
/// - Stop words are the Snowball English list; words of one character are kept only if
///   they are digits (`3` in `3 DOF`) — a lone letter is noise.
public struct Tokenizer: Sendable {
    public static let maxWordLength = 40

    public init() {}

    /// Terms of `text`, in order, stemmed and without stop words.
    public func terms(_ text: String) -> [String] {
        var out: [String] = []
        words(text) { word in
            if let t = term(word) { out.append(t) }
        }
        return out
    }

    /// The term one lowercase word becomes, or nil when it is a stop word or too long.
    func term(_ word: String) -> String? {
        let n = word.utf8.count
        if n > Tokenizer.maxWordLength { return nil }
        if StopWords.english.contains(word) { return nil }
        if n == 1, let b = word.utf8.first, !(b >= 0x30 && b <= 0x39), b < 0x80 { return nil }
        return Porter2.stem(word)
    }

    /// Calls `body` with each lowercase word of `text`.
    public func words(_ text: String, _ body: (String) -> Void) {
        var current = String.UnicodeScalarView()
        var pendingApostrophe = false
        func flush() {
            if !current.isEmpty {
                body(String(current).lowercased())
                current.removeAll(keepingCapacity: true)
            }
            pendingApostrophe = false
        }
        for scalar in text.unicodeScalars {
            let p = scalar.properties
            if scalar.value < 0x80 {
                let v = scalar.value
                let isAlnum = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5a) || (v >= 0x61 && v <= 0x7a)
                if isAlnum {
                    if pendingApostrophe { current.append("'"); pendingApostrophe = false }
                    current.append(scalar)
                } else if v == 0x27, !current.isEmpty, !pendingApostrophe {
                    pendingApostrophe = true
                } else {
                    flush()
                }
                continue
            }
            if scalar == "\u{2019}", !current.isEmpty, !pendingApostrophe {
                pendingApostrophe = true
            } else if p.isIdeographic {
                flush()
                body(String(scalar))
            } else if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
                        || p.generalCategory == .spacingMark {
                if pendingApostrophe { current.append("'"); pendingApostrophe = false }
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
    }
}
