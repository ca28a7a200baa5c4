import Foundation
import QuireSupport

/// BERT (uncased) basic tokenization + WordPiece, exactly as the Rust `tokenizers` library runs
/// all-MiniLM-L6-v2's `tokenizer.json` (the tokenizer sentence-transformers uses).
///
/// Steps (see `docs/embedding.md`): delete NUL, U+FFFD and Cc/Cf/Co characters (tab, LF, CR
/// excepted); turn every Unicode space into a space; put spaces around CJK ideographs; NFD and
/// drop nonspacing marks; lowercase per scalar, without context; split on spaces and on
/// punctuation; greedy longest-match WordPiece; `[CLS] … [SEP]`, at most `maxSequenceLength` ids.
///
/// Counting (`tokenCount`) allocates nothing per word: pure-ASCII text (most of a book) takes a
/// byte-level fast path and vocabulary look-ups hash UTF-8 bytes in place.
public struct WordPieceTokenizer: Sendable {
    public static let padID: Int32 = 0
    public static let unknownID: Int32 = 100
    public static let clsID: Int32 = 101
    public static let sepID: Int32 = 102
    /// Words longer than this many Unicode scalars (after normalization) become `[UNK]`.
    public static let maxWordCharacters = 100

    /// Largest number of ids `encode` returns, [CLS] and [SEP] included.
    public let maxSequenceLength: Int
    private let table: VocabularyTable

    /// Number of entries in the vocabulary.
    public var vocabularySize: Int { table.tokens.count }

    /// Loads `vocab.txt` (one token per line; the line number is the id).
    public init(vocabularyURL: URL, maxSequenceLength: Int = 256) throws {
        let data: Data
        do {
            data = try Data(contentsOf: vocabularyURL)
        } catch {
            throw QuireError(.modelMissing,
                             "cannot read the vocabulary \(vocabularyURL.path); run scripts/fetch-model.sh to download the model",
                             file: vocabularyURL.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw QuireError(.modelCorrupt, "vocabulary is not UTF-8; run scripts/fetch-model.sh to download it again",
                             file: vocabularyURL.path)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        guard lines.count > Int(Self.sepID), lines[Int(Self.unknownID)] == "[UNK]",
              lines[Int(Self.clsID)] == "[CLS]", lines[Int(Self.sepID)] == "[SEP]" else {
            throw QuireError(.modelCorrupt,
                             "vocabulary does not look like BERT uncased ([UNK]/[CLS]/[SEP] at 100/101/102); run scripts/fetch-model.sh",
                             file: vocabularyURL.path)
        }
        self.init(vocabulary: lines, maxSequenceLength: maxSequenceLength)
    }

    /// A tokenizer over an in-memory vocabulary (id = index). Ids 100, 101, 102 are taken to be
    /// `[UNK]`, `[CLS]`, `[SEP]`.
    public init(vocabulary: [String], maxSequenceLength: Int = 256) {
        precondition(maxSequenceLength >= 2)
        self.maxSequenceLength = maxSequenceLength
        self.table = VocabularyTable(vocabulary)
    }

    /// The token string of `id` (for display and tests).
    public func token(_ id: Int32) -> String {
        Int(id) >= 0 && Int(id) < table.tokens.count ? table.tokens[Int(id)] : "[UNK]"
    }

    /// `[CLS]` + word pieces + `[SEP]`, truncated to `maxSequenceLength` ids.
    public func encode(_ text: String) -> [Int32] {
        let limit = maxSequenceLength - 2
        var ids: [Int32] = [Self.clsID]
        ids.reserveCapacity(min(limit, text.utf8.count / 3 + 8) + 2)
        forEachWord(text) { word, scalars in
            appendPieces(word, scalars: scalars, to: &ids)
            return ids.count - 1 < limit
        }
        if ids.count - 1 > limit { ids.removeLast(ids.count - 1 - limit) }
        ids.append(Self.sepID)
        return ids
    }

    /// The tokens of `encode(text)` as strings.
    public func tokens(_ text: String) -> [String] {
        encode(text).map(token)
    }

    /// Number of ids `text` becomes, [CLS] and [SEP] included, before truncation.
    public func tokenCount(_ text: String) -> Int {
        var count = 2
        forEachWord(text) { word, scalars in
            count += countPieces(word, scalars: scalars)
            return true
        }
        return count
    }

    // MARK: - WordPiece

    private func appendPieces(_ word: UnsafeBufferPointer<UInt8>, scalars: Int, to ids: inout [Int32]) {
        if scalars > Self.maxWordCharacters {
            ids.append(Self.unknownID)
            return
        }
        let mark = ids.count
        var start = 0
        let n = word.count
        while start < n {
            let (id, end) = table.longestMatch(word, from: start)
            if id < 0 {
                ids.removeLast(ids.count - mark)
                ids.append(Self.unknownID)
                return
            }
            ids.append(id)
            start = end
        }
    }

    private func countPieces(_ word: UnsafeBufferPointer<UInt8>, scalars: Int) -> Int {
        if scalars > Self.maxWordCharacters { return 1 }
        var pieces = 0
        var start = 0
        while start < word.count {
            let (id, end) = table.longestMatch(word, from: start)
            if id < 0 { return 1 }
            pieces += 1
            start = end
        }
        return pieces
    }

    // MARK: - Normalization and pre-tokenization

    /// Calls `body(wordUTF8, scalarCount)` for each normalized word in order, until it returns false.
    func forEachWord(_ text: String, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool) {
        var isASCII = true
        for b in text.utf8 where b >= 0x80 {
            isASCII = false
            break
        }
        var buffer: [UInt8] = []
        var words: [(start: Int, end: Int, scalars: Int)] = []
        if isASCII {
            Self.splitASCII(text, into: &buffer, words: &words)
        } else {
            Self.splitUnicode(text, into: &buffer, words: &words)
        }
        buffer.withUnsafeBufferPointer { all in
            for w in words {
                let word = UnsafeBufferPointer(rebasing: all[w.start..<w.end])
                if !body(word, w.scalars) { return }
            }
        }
    }

    /// Byte-level path for pure-ASCII text: same result as `splitUnicode`, no normalization needed.
    static func splitASCII(_ text: String, into buffer: inout [UInt8], words: inout [(start: Int, end: Int, scalars: Int)]) {
        buffer.reserveCapacity(text.utf8.count)
        var wordStart = -1
        for var b in text.utf8 {
            switch b {
            case 9, 10, 13, 32:  // whitespace ends a word
                if wordStart >= 0 { words.append((wordStart, buffer.count, buffer.count - wordStart)); wordStart = -1 }
            case 0...31, 127:  // other controls are deleted, joining their neighbours
                continue
            case 33...47, 58...64, 91...96, 123...126:  // punctuation is a word of its own
                if wordStart >= 0 { words.append((wordStart, buffer.count, buffer.count - wordStart)); wordStart = -1 }
                buffer.append(b)
                words.append((buffer.count - 1, buffer.count, 1))
            default:
                if b >= 65 && b <= 90 { b += 32 }
                if wordStart < 0 { wordStart = buffer.count }
                buffer.append(b)
            }
        }
        if wordStart >= 0 { words.append((wordStart, buffer.count, buffer.count - wordStart)) }
    }

    static func splitUnicode(_ text: String, into buffer: inout [UInt8], words: inout [(start: Int, end: Int, scalars: Int)]) {
        // 1. Clean (delete NUL, U+FFFD, Cc/Cf/Co except \t \n \r; spaces → " ") and pad CJK.
        var cleaned = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let v = s.value
            if v == 9 || v == 10 || v == 13 { cleaned.append(" "); continue }
            if v == 0 || v == 0xFFFD { continue }
            if v < 0x80 {
                if v < 32 || v == 127 { continue }
                cleaned.append(s)
                continue
            }
            let category = s.properties.generalCategory
            if category == .control || category == .format || category == .privateUse { continue }
            if s.properties.isWhitespace { cleaned.append(" "); continue }
            if isCJK(v) {
                cleaned.append(" ")
                cleaned.append(s)
                cleaned.append(" ")
                continue
            }
            cleaned.append(s)
        }
        // 2. NFD, drop nonspacing marks, lowercase per scalar (no context), split.
        let decomposed = String(cleaned).decomposedStringWithCanonicalMapping
        buffer.reserveCapacity(decomposed.utf8.count)
        var wordStart = -1
        var wordScalars = 0
        func endWord() {
            if wordStart >= 0 { words.append((wordStart, buffer.count, wordScalars)) }
            wordStart = -1
            wordScalars = 0
        }
        func appendScalar(_ s: Unicode.Scalar) {
            if s.properties.isWhitespace { endWord(); return }
            if isPunctuation(s) {
                endWord()
                let start = buffer.count
                appendUTF8(s, to: &buffer)
                words.append((start, buffer.count, 1))
                return
            }
            if wordStart < 0 { wordStart = buffer.count }
            appendUTF8(s, to: &buffer)
            wordScalars += 1
        }
        for s in decomposed.unicodeScalars {
            let v = s.value
            if v < 0x80 {
                if v >= 65 && v <= 90 {
                    appendScalar(Unicode.Scalar(v + 32)!)
                } else {
                    appendScalar(s)
                }
                continue
            }
            let p = s.properties
            if p.generalCategory == .nonspacingMark { continue }
            if p.changesWhenLowercased {
                for l in p.lowercaseMapping.unicodeScalars { appendScalar(l) }
            } else {
                appendScalar(s)
            }
        }
        endWord()
    }

    @inline(__always)
    static func appendUTF8(_ s: Unicode.Scalar, to buffer: inout [UInt8]) {
        let v = s.value
        if v < 0x80 {
            buffer.append(UInt8(v))
        } else if v < 0x800 {
            buffer.append(UInt8(0xC0 | (v >> 6)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            buffer.append(UInt8(0xE0 | (v >> 12)))
            buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            buffer.append(UInt8(0xF0 | (v >> 18)))
            buffer.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// ASCII 33–47, 58–64, 91–96, 123–126, and Unicode P*. (`$`, `+`, `<`, `^`, `|` split; `€`, `∑` do not.)
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            return (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v)
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK Unified Ideograph blocks BERT treats as single-character words.
    static func isCJK(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}

/// Open-addressing hash table from UTF-8 bytes to vocabulary ids, with word-initial pieces and
/// `##` continuation pieces (stored without the `##`) in separate key spaces.
final class VocabularyTable: Sendable {
    let tokens: [String]
    private let bytes: [UInt8]
    private let offsets: [Int32]  // entry i: bytes[offsets[i] ..< offsets[i] + Int(lengths[i])]
    private let lengths: [Int32]
    private let ids: [Int32]
    private let continuation: [Bool]
    private let slots: [Int32]  // entry index or -1
    private let mask: Int
    /// Longest key in bytes; a match never needs to look further.
    let maxKeyBytes: Int

    init(_ vocabulary: [String]) {
        tokens = vocabulary
        var bytes: [UInt8] = []
        var offsets: [Int32] = [], lengths: [Int32] = [], ids: [Int32] = [], continuation: [Bool] = []
        var maxKey = 1
        for (id, token) in vocabulary.enumerated() {
            var key = Array(token.utf8)
            let cont = key.count > 2 && key[0] == 0x23 && key[1] == 0x23
            if cont { key.removeFirst(2) }
            offsets.append(Int32(bytes.count))
            lengths.append(Int32(key.count))
            ids.append(Int32(id))
            continuation.append(cont)
            bytes.append(contentsOf: key)
            maxKey = max(maxKey, key.count)
        }
        var capacity = 1
        while capacity < vocabulary.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for i in 0..<ids.count {
            let start = Int(offsets[i]), length = Int(lengths[i])
            let h = bytes.withUnsafeBufferPointer { b in
                Self.hash(UnsafeBufferPointer(rebasing: b[start..<start + length]), continuation[i])
            }
            var slot = h & mask
            var duplicate = false
            while slots[slot] >= 0 {
                let j = Int(slots[slot])
                if continuation[j] == continuation[i], lengths[j] == lengths[i],
                   bytes[Int(offsets[j])..<Int(offsets[j]) + Int(lengths[j])] == bytes[start..<start + length] {
                    duplicate = true  // first occurrence wins, as in a vocab dictionary
                    break
                }
                slot = (slot + 1) & mask
            }
            if !duplicate { slots[slot] = Int32(i) }
        }
        self.bytes = bytes
        self.offsets = offsets
        self.lengths = lengths
        self.ids = ids
        self.continuation = continuation
        self.slots = slots
        self.mask = mask
        self.maxKeyBytes = maxKey
    }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>, _ continuation: Bool) -> Int {
        var h: UInt64 = continuation ? 0x84222325cbf29ce4 : 0xcbf29ce484222325
        for b in key {
            h ^= UInt64(b)
            h &*= 0x100000001b3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    func lookup(_ key: UnsafeBufferPointer<UInt8>, continuation cont: Bool) -> Int32 {
        var slot = Self.hash(key, cont) & mask
        return bytes.withUnsafeBufferPointer { all in
            while true {
                let e = Int(slots[slot])
                if e < 0 { return -1 }
                if continuation[e] == cont && Int(lengths[e]) == key.count {
                    let start = Int(offsets[e])
                    var equal = true
                    for k in 0..<key.count where all[start + k] != key[k] {
                        equal = false
                        break
                    }
                    if equal { return ids[e] }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Greedy longest match of `word[start...]`: (id, end) or (-1, start) when nothing matches.
    @inline(__always)
    func longestMatch(_ word: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int32, Int) {
        var end = min(word.count, start + maxKeyBytes)
        // Never cut a UTF-8 sequence.
        while end < word.count && end > start && (word[end] & 0xC0) == 0x80 { end -= 1 }
        while end > start {
            let id = lookup(UnsafeBufferPointer(rebasing: word[start..<end]), continuation: start > 0)
            if id >= 0 { return (id, end) }
            end -= 1
            while end > start && (word[end] & 0xC0) == 0x80 { end -= 1 }
        }
        return (-1, start)
    }
}
