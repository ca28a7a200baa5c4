/// The Snowball English ("Porter2") stemmer, as Snowball 3.1 defines it
/// (https://snowballstem.org/algorithms/english/stemmer.html), ported step by step.
///
/// Input is one lowercase word. Words that are not plain ASCII letters (and `'`) are
/// returned unchanged: the algorithm is defined for English spelling only.
public enum Porter2 {
    public static func stem(_ word: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(word.utf8.count)
        for b in word.utf8 {
            guard (b >= 0x61 && b <= 0x7a) || b == 0x27 else { return word }
            bytes.append(b)
        }
        var s = Porter2Stemmer(bytes)
        s.run()
        return String(decoding: s.w, as: UTF8.self)
    }
}

struct Porter2Stemmer {
    var w: [UInt8]
    var p1 = 0
    var p2 = 0

    init(_ w: [UInt8]) { self.w = w }

    // MARK: character classes
    private static let Y = UInt8(ascii: "Y")
    @inline(__always) static func isV(_ c: UInt8) -> Bool {
        c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6f || c == 0x75 || c == 0x79
    }
    @inline(__always) static func isVWXY(_ c: UInt8) -> Bool {
        isV(c) || c == 0x77 || c == 0x78 || c == Y
    }
    @inline(__always) static func isValidLI(_ c: UInt8) -> Bool {
        "cdeghkmnrt".utf8.contains(c)
    }

    // MARK: suffix helpers
    private func ends(_ s: String, at end: Int? = nil) -> Bool {
        let e = end ?? w.count
        let n = s.utf8.count
        guard n <= e else { return false }
        var i = e - n
        for b in s.utf8 {
            if w[i] != b { return false }
            i += 1
        }
        return true
    }

    /// Longest entry of `table` that `w` ends with (before `end`), with its action.
    private func longest(_ table: [(String, Int)], end: Int? = nil) -> (len: Int, action: Int)? {
        var best: (len: Int, action: Int)?
        for (suffix, action) in table where ends(suffix, at: end) {
            let n = suffix.utf8.count
            if best == nil || n > best!.len { best = (n, action) }
        }
        return best
    }

    private mutating func replaceSuffix(_ len: Int, with s: String) {
        w.removeLast(len)
        w.append(contentsOf: s.utf8)
    }

    private func hasVowel(_ range: Range<Int>) -> Bool {
        range.contains { Porter2Stemmer.isV(w[$0]) }
    }

    /// Snowball's `shortv` tested at `end` (exclusive).
    private func shortSyllable(at e: Int) -> Bool {
        if e >= 3, !Self.isVWXY(w[e - 1]), Self.isV(w[e - 2]), !Self.isV(w[e - 3]) { return true }
        if e == 2, !Self.isV(w[1]), Self.isV(w[0]) { return true }
        return ends("past", at: e)
    }

    // MARK: algorithm
    private static let exceptions: [String: String?] = [
        "andes": nil, "atlas": nil, "bias": nil, "cosmos": nil, "howe": nil, "news": nil, "sky": nil,
        "early": "earli", "gently": "gentl", "idly": "idl", "only": "onli", "singly": "singl",
        "skies": "sky", "skis": "ski", "ugly": "ugli",
    ]

    mutating func run() {
        let word = String(decoding: w, as: UTF8.self)
        if let e = Self.exceptions[word] {
            if let replacement = e { w = Array(replacement.utf8) }
            return
        }
        guard w.count >= 3 else { return }
        let yFound = prelude()
        markRegions()
        step1a()
        step1b()
        step1c()
        step2()
        step3()
        step4()
        step5()
        if yFound {
            for i in w.indices where w[i] == Self.Y { w[i] = UInt8(ascii: "y") }
        }
    }

    private mutating func prelude() -> Bool {
        if w.first == 0x27 { w.removeFirst() }
        var found = false
        if w.first == 0x79 { w[0] = Self.Y; found = true }
        if w.count > 1 {
            for i in 1..<w.count where w[i] == 0x79 && Self.isV(w[i - 1]) {
                w[i] = Self.Y
                found = true
            }
        }
        return found
    }

    private static let regionPrefixes = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"]

    private mutating func markRegions() {
        p1 = w.count
        p2 = w.count
        var c = 0
        if let prefix = Self.regionPrefixes.first(where: { w.starts(with: $0.utf8) }) {
            c = prefix.utf8.count
        } else {
            guard let next = regionEnd(from: 0) else { return }
            c = next
        }
        p1 = c
        guard let next = regionEnd(from: c) else { return }
        p2 = next
    }

    /// Position after the first non-vowel that follows a vowel, at or after `start`.
    private func regionEnd(from start: Int) -> Int? {
        var i = start
        while i < w.count, !Self.isV(w[i]) { i += 1 }
        guard i < w.count else { return nil }
        i += 1
        while i < w.count, Self.isV(w[i]) { i += 1 }
        guard i < w.count else { return nil }
        return i + 1
    }

    private mutating func step1a() {
        if ends("'s'") { w.removeLast(3) } else if ends("'s") { w.removeLast(2) } else if ends("'") { w.removeLast(1) }
        guard let (len, action) = longest([("sses", 1), ("ied", 2), ("ies", 2), ("s", 3), ("ss", 0), ("us", 0)]) else { return }
        let s = w.count - len
        switch action {
        case 1: replaceSuffix(len, with: "ss")
        case 2: replaceSuffix(len, with: s >= 2 ? "i" : "ie")
        case 3:
            if s >= 1, hasVowel(0..<(s - 1)) { w.removeLast() }
        default: break
        }
    }

    private mutating func step1b() {
        guard let (len, action) = longest([("ed", 2), ("eed", 1), ("ing", 3), ("edly", 2), ("eedly", 1), ("ingly", 2)]) else { return }
        let s = w.count - len
        switch action {
        case 1:
            if p1 <= s {
                let pre = w[0..<s]
                if pre.elementsEqual("succ".utf8) || pre.elementsEqual("proc".utf8) || pre.elementsEqual("exc".utf8) { return }
                replaceSuffix(len, with: "ee")
            }
            return
        case 3:
            if let (plen, paction) = longest([("even", 2), ("cann", 2), ("inn", 2), ("earr", 2), ("herr", 2), ("out", 2), ("y", 1)], end: s) {
                if paction == 1 {
                    if s == 2, !Self.isV(w[0]) {
                        w = [w[0]] + Array("ie".utf8)
                        return
                    }
                } else if plen == s {
                    return
                }
            }
        default: break
        }
        guard hasVowel(0..<s) else { return }
        w.removeLast(len)
        if ends("at") || ends("bl") || ends("iz") {
            w.append(UInt8(ascii: "e"))
            return
        }
        if ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"].contains(where: { ends($0) }) {
            if w.count == 3, "aeo".utf8.contains(w[0]) { return }
            w.removeLast()
            return
        }
        if w.count == p1, shortSyllable(at: w.count) { w.append(UInt8(ascii: "e")) }
    }

    private mutating func step1c() {
        guard let last = w.last, last == 0x79 || last == Self.Y else { return }
        let i = w.count - 1
        if i >= 2, !Self.isV(w[i - 1]) { w[i] = UInt8(ascii: "i") }
    }

    private static let step2Table: [(String, Int)] = [
        ("anci", 3), ("enci", 2), ("ogi", 14), ("li", 16), ("bli", 12), ("abli", 4), ("alli", 8), ("fulli", 9),
        ("lessli", 15), ("ousli", 10), ("entli", 5), ("aliti", 8), ("biliti", 12), ("iviti", 11), ("tional", 1),
        ("ational", 7), ("alism", 8), ("ation", 7), ("ization", 6), ("izer", 6), ("ator", 7), ("iveness", 11),
        ("fulness", 9), ("ousness", 10), ("ogist", 13),
    ]

    private mutating func step2() {
        guard let (len, action) = longest(Self.step2Table) else { return }
        let s = w.count - len
        guard p1 <= s else { return }
        switch action {
        case 1: replaceSuffix(len, with: "tion")
        case 2: replaceSuffix(len, with: "ence")
        case 3: replaceSuffix(len, with: "ance")
        case 4: replaceSuffix(len, with: "able")
        case 5: replaceSuffix(len, with: "ent")
        case 6: replaceSuffix(len, with: "ize")
        case 7: replaceSuffix(len, with: "ate")
        case 8: replaceSuffix(len, with: "al")
        case 9: replaceSuffix(len, with: "ful")
        case 10: replaceSuffix(len, with: "ous")
        case 11: replaceSuffix(len, with: "ive")
        case 12: replaceSuffix(len, with: "ble")
        case 13: replaceSuffix(len, with: "og")
        case 14: if s >= 1, w[s - 1] == UInt8(ascii: "l") { replaceSuffix(len, with: "og") }
        case 15: replaceSuffix(len, with: "less")
        default: if s >= 1, Self.isValidLI(w[s - 1]) { w.removeLast(len) }
        }
    }

    private mutating func step3() {
        guard let (len, action) = longest([("icate", 4), ("ative", 6), ("alize", 3), ("iciti", 4), ("ical", 4),
                                           ("tional", 1), ("ational", 2), ("ful", 5), ("ness", 5)]) else { return }
        let s = w.count - len
        guard p1 <= s else { return }
        switch action {
        case 1: replaceSuffix(len, with: "tion")
        case 2: replaceSuffix(len, with: "ate")
        case 3: replaceSuffix(len, with: "al")
        case 4: replaceSuffix(len, with: "ic")
        case 5: w.removeLast(len)
        default: if p2 <= s { w.removeLast(len) }
        }
    }

    private static let step4Table: [(String, Int)] = [
        ("ic", 1), ("ance", 1), ("ence", 1), ("able", 1), ("ible", 1), ("ate", 1), ("ive", 1), ("ize", 1), ("iti", 1),
        ("al", 1), ("ism", 1), ("ion", 2), ("er", 1), ("ous", 1), ("ant", 1), ("ent", 1), ("ment", 1), ("ement", 1),
    ]

    private mutating func step4() {
        guard let (len, action) = longest(Self.step4Table) else { return }
        let s = w.count - len
        guard p2 <= s else { return }
        if action == 1 {
            w.removeLast(len)
        } else if s >= 1, w[s - 1] == UInt8(ascii: "s") || w[s - 1] == UInt8(ascii: "t") {
            w.removeLast(len)
        }
    }

    private mutating func step5() {
        guard let last = w.last else { return }
        let s = w.count - 1
        if last == UInt8(ascii: "e") {
            if p2 <= s || (p1 <= s && !shortSyllable(at: s)) { w.removeLast() }
        } else if last == UInt8(ascii: "l") {
            if p2 <= s, s >= 1, w[s - 1] == UInt8(ascii: "l") { w.removeLast() }
        }
    }
}
