import QuireIndex

/// The smallest piece of a chunk an extractive answer quotes: a sentence of prose, or a whole
/// line of code or a table row (never cut).
public struct TextUnit: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case prose, code, row }
    public var text: String
    public var kind: Kind
    /// Index of the line in the chunk text and of the unit in the chunk (book order).
    public var line: Int
    public var position: Int

    public init(text: String, kind: Kind, line: Int, position: Int) {
        self.text = text
        self.kind = kind
        self.line = line
        self.position = position
    }

    /// Words, counted as runs separated by white space.
    public var wordCount: Int { text.split(whereSeparator: { $0 == " " || $0 == "\t" }).count }
}

/// Splits chunk text (one block line per line: paragraphs, list items, table rows, code lines,
/// TeX) into `TextUnit`s. A list item (`Chunk.listItemMarker`) and a display formula stay whole.
/// A paragraph line becomes sentences, cut after `.`, `!` or `?` followed
/// by a space and an upper-case letter, digit, quote or bracket, except after common
/// abbreviations ("e.g.", "i.e.", "Fig.", "vs.") and single initials. A line that reads as code
/// and a table row (cells separated by " | ") stay whole.
public enum TextUnits {
    static let abbreviations: Set<String> = [
        "e.g", "i.e", "etc", "vs", "fig", "figs", "eq", "eqs", "cf", "approx", "dr", "mr", "mrs", "ms", "prof", "no",
        "sec", "ch", "al", "resp", "min", "max", "ca", "st", "jr", "sr", "inc", "ltd", "co", "p", "pp", "vol",
    ]

    public static func split(_ text: String) -> [TextUnit] {
        var out: [TextUnit] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix(Chunk.listItemMarker) {
                // A list item: whole, however many sentences it has.
                let item = trimmed.dropFirst(Chunk.listItemMarker.count).trimmingCharacters(in: .whitespaces)
                if !item.isEmpty { out.append(TextUnit(text: item, kind: .prose, line: n, position: out.count)) }
            } else if trimmed.hasPrefix("$$"), trimmed.hasSuffix("$$"), trimmed.count > 4 {
                // Display math (one line in chunk text): whole, never cut or read as code.
                out.append(TextUnit(text: trimmed, kind: .prose, line: n, position: out.count))
            } else if isCode(line) {
                out.append(TextUnit(text: trimmed, kind: .code, line: n, position: out.count))
            } else if trimmed.contains(" | ") {
                out.append(TextUnit(text: trimmed, kind: .row, line: n, position: out.count))
            } else {
                for s in sentences(trimmed) {
                    out.append(TextUnit(text: s, kind: .prose, line: n, position: out.count))
                }
            }
        }
        return out
    }

    /// A line reads as code when it is indented, starts like a shell prompt, comment or
    /// statement, or is dense in code punctuation and does not end like a sentence.
    public static func isCode(_ line: String) -> Bool {
        if line.hasPrefix("  ") || line.hasPrefix("\t") { return true }
        let t = line.trimmingCharacters(in: .whitespaces)
        for p in ["$ ", "# ", "//", "#include", "import ", "from ", "def ", "class ", "return ", "ros2 ", "colcon ", "sudo ",
                  "self.", "std::", "auto ", "const ", "<", "}", "{", "@"] where t.hasPrefix(p) {
            if p == "<" && !t.hasSuffix(">") && !t.hasSuffix("/>") { continue }
            return true
        }
        let symbols = t.unicodeScalars.filter { "(){}[]=;_<>/#*".unicodeScalars.contains($0) }.count
        let endsLikeSentence = t.hasSuffix(".") || t.hasSuffix("?") || t.hasSuffix("!") || t.hasSuffix(":")
        let spaces = t.filter { $0 == " " }.count
        if t.hasSuffix(";") || t.hasSuffix("{") || t.hasSuffix(")") && !endsLikeSentence && spaces < 6 { return true }
        return !endsLikeSentence && t.count >= 8 && Double(symbols) / Double(t.count) > 0.08 && spaces < 12
    }

    /// Sentences of one prose line.
    public static func sentences(_ line: String) -> [String] {
        let chars = Array(line)
        var out: [String] = []
        var start = 0
        var i = 0
        var depth = 0  // inside (…) or […]: no cuts
        var inMath = false  // inside $…$: no cuts either
        while i < chars.count {
            let c = chars[i]
            if c == "$", i == 0 || chars[i - 1] != "\\" { inMath.toggle() }
            if c == "(" || c == "[" { depth += 1 }
            if c == ")" || c == "]" { depth = max(0, depth - 1) }
            if (c == "." || c == "!" || c == "?") && depth == 0 && !inMath {
                // Closing quotes or brackets stay with the sentence.
                var end = i + 1
                while end < chars.count, "\"'”’)".contains(chars[end]) { end += 1 }
                if end < chars.count, chars[end] == " ", end + 1 < chars.count, startsSentence(chars[end + 1]),
                   c != "." || !isAbbreviation(chars, i) {
                    append(chars[start..<end], &out)
                    start = end + 1
                    i = end + 1
                    continue
                }
            }
            i += 1
        }
        append(chars[start..<chars.count], &out)
        return out
    }

    static func startsSentence(_ c: Character) -> Bool {
        c.isUppercase || c.isNumber || "\"'“‘([`*$\\".contains(c)
    }

    /// The word before the dot at `dot` is an abbreviation or a single letter (an initial).
    static func isAbbreviation(_ chars: [Character], _ dot: Int) -> Bool {
        var j = dot - 1
        while j >= 0, chars[j].isLetter || chars[j] == "." { j -= 1 }
        let word = String(chars[(j + 1)..<dot]).lowercased()
        if word.count == 1, word.first!.isLetter { return true }
        return abbreviations.contains(word)
    }

    static func append(_ s: ArraySlice<Character>, _ out: inout [String]) {
        let t = String(s).trimmingCharacters(in: .whitespaces)
        if !t.isEmpty { out.append(t) }
    }
}
