/// The result of the line pass: cmark input with the same lines as the body, plus the
/// constructs taken out of it.
struct Preprocessed {
    var text: [UInt8] = []
    var markers: [Marker] = []
    var math: [InlineMath] = []
    var warnings: [MarkdownWarning] = []   // body lines
    var usesTabs = false
    var usesMath = false
}

/// One pass over the body's lines that handles what cmark cannot: admonitions, MDX
/// import/export, JSX tags and expressions, `mdx-code-block` fences, `{/* */}` comments and
/// math. Fenced code is copied untouched. Every output line corresponds to the input line
/// with the same number.
struct Preprocessor {
    let b: [UInt8]
    let scanner: JSXScanner
    var lineStarts: [Int] = []
    var r = Preprocessed()

    struct Frame { var name: String; var dedent: Int? }
    var frames: [Frame] = []
    var tabsStack: [Int] = []
    var admonitions: [Int] = []
    var fence: (char: UInt8, count: Int)?
    var unwrap: [(char: UInt8, count: Int)] = []
    var inJSComment = false
    var prevBlankOrModule = true

    init(_ source: [UInt8]) {
        b = source
        scanner = JSXScanner(source)
        lineStarts.reserveCapacity(source.count / 40 + 2)
        lineStarts.append(0)
        for (i, c) in source.enumerated() where c == ASCII.newline { lineStarts.append(i + 1) }
        if lineStarts.last == source.count && source.count > 0 { lineStarts.removeLast() }
        r.text.reserveCapacity(source.count + 64)
    }

    var lineCount: Int { b.isEmpty ? 0 : lineStarts.count }
    func lineEnd(_ k: Int) -> Int {
        var e = k + 1 < lineStarts.count ? lineStarts[k + 1] - 1 : b.count
        if e > lineStarts[k] && b[e - 1] == ASCII.newline { e -= 1 }
        if e > lineStarts[k] && b[e - 1] == ASCII.cr { e -= 1 }
        return e
    }
    func lineIndex(containing pos: Int, from k: Int) -> Int {
        var m = k
        while m + 1 < lineStarts.count && lineStarts[m + 1] <= pos { m += 1 }
        return m
    }

    mutating func run() -> Preprocessed {
        var k = 0
        while k < lineCount {
            k = processLine(k) + 1
        }
        return r
    }

    /// Handles line `k` (and any lines it consumes); returns the last line consumed.
    mutating func processLine(_ k: Int) -> Int {
        let e = lineEnd(k)
        var s = lineStarts[k]
        if inJSComment {
            guard let close = find([ASCII.star, ASCII.slash, ASCII.rbrace], from: s, to: e) else { newline(); return k }
            inJSComment = false
            emitText(close + 3, e)
            newline()
            return k
        }
        s = dedented(s, e)
        if let f = fence {
            if let c = fenceAt(s, e), c.char == f.char, c.count >= f.count, c.infoStart == c.infoEnd { fence = nil }
            r.text.append(contentsOf: b[s..<e]); newline()
            return k
        }
        let ind = indentation(s, e)
        let t = s + ind
        if t == e { newline(); prevBlankOrModule = true; return k }
        var wasModule = false
        defer { prevBlankOrModule = wasModule }

        if let c = fenceAt(s, e) {
            let info = firstWord(c.infoStart, c.infoEnd)
            if info == "mdx-code-block" { unwrap.append((c.char, c.count)); newline(); return k }
            if c.infoStart == c.infoEnd, let u = unwrap.last, u.char == c.char, c.count >= u.count {
                unwrap.removeLast(); newline(); return k
            }
            fence = (c.char, c.count)
            r.text.append(contentsOf: b[s..<e]); newline()
            return k
        }
        let line = Line(index: k, start: s, text: t, end: e)
        switch b[t] {
        case ASCII.colon:
            if admonitionLine(line) { return k }
        case ASCII.dollar:
            if let last = mathBlock(line) { return last }
        case ASCII.lt, ASCII.lbrace:
            if let last = jsxLine(line) { return last }
        case 105, 101:  // i, e
            if ind == 0, prevBlankOrModule, let last = moduleStatement(line) {
                wasModule = true
                return last
            }
        default: break
        }
        emitText(s, e)
        newline()
        return k
    }
}

/// Where the preprocessor is on the current source line: offsets into the body's bytes.
struct Line {
    /// 0-based line number (`k`; markers store `index + 1`).
    let index: Int
    /// First byte of the line after the JSX dedent (`s`).
    let start: Int
    /// First non-blank byte (`t`).
    let text: Int
    /// End of the line, before `\r\n` (`e`).
    let end: Int
}
