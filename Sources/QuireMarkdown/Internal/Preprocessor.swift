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
    private let b: [UInt8]
    private let scanner: JSXScanner
    private var lineStarts: [Int] = []
    private var r = Preprocessed()

    private struct Frame { var name: String; var dedent: Int? }
    private var frames: [Frame] = []
    private var tabsStack: [Int] = []
    private var admonitions: [Int] = []
    private var fence: (char: UInt8, count: Int)?
    private var unwrap: [(char: UInt8, count: Int)] = []
    private var inJSComment = false
    private var prevBlankOrModule = true

    init(_ source: [UInt8]) {
        b = source
        scanner = JSXScanner(source)
        lineStarts.reserveCapacity(source.count / 40 + 2)
        lineStarts.append(0)
        for (i, c) in source.enumerated() where c == ASCII.newline { lineStarts.append(i + 1) }
        if lineStarts.last == source.count && source.count > 0 { lineStarts.removeLast() }
        r.text.reserveCapacity(source.count + 64)
    }

    private var lineCount: Int { b.isEmpty ? 0 : lineStarts.count }
    private func lineEnd(_ k: Int) -> Int {
        var e = k + 1 < lineStarts.count ? lineStarts[k + 1] - 1 : b.count
        if e > lineStarts[k] && b[e - 1] == ASCII.newline { e -= 1 }
        if e > lineStarts[k] && b[e - 1] == ASCII.cr { e -= 1 }
        return e
    }
    private func lineIndex(containing pos: Int, from k: Int) -> Int {
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

    // MARK: - Lines

    private func indentation(_ s: Int, _ e: Int) -> Int {
        var i = s
        while i < e, ASCII.isSpace(b[i]) { i += 1 }
        return i - s
    }

    /// Applies the JSX dedent (content indented inside `<Tabs>` etc. is not code in MDX): a
    /// container's lines lose the indentation of its first content line.
    private mutating func dedented(_ s: Int, _ e: Int) -> Int {
        guard !frames.isEmpty else { return s }
        let ind = indentation(s, e)
        if s + ind == e { return s }  // blank
        if frames[frames.count - 1].dedent == nil { frames[frames.count - 1].dedent = ind }
        return s + min(ind, frames[frames.count - 1].dedent!)
    }

    /// Handles line `k` (and any lines it consumes); returns the last line consumed.
    private mutating func processLine(_ k: Int) -> Int {
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
        switch b[t] {
        case ASCII.colon:
            if admonitionLine(k, s, t, e) { return k }
        case ASCII.dollar:
            if let last = mathBlock(k, s, t, e) { return last }
        case ASCII.lt, ASCII.lbrace:
            if let last = jsxLine(k, s, t, e) { return last }
        case 105, 101:  // i, e
            if ind == 0, prevBlankOrModule, let last = moduleStatement(k, t, e) {
                wasModule = true
                return last
            }
        default: break
        }
        emitText(s, e)
        newline()
        return k
    }

    @inline(__always) private mutating func newline() { r.text.append(ASCII.newline) }

    private func find(_ needle: [UInt8], from: Int, to: Int) -> Int? {
        guard needle.count <= to - from else { return nil }
        var i = from
        while i + needle.count <= to {
            if b[i] == needle[0] {
                var ok = true
                for j in 1..<needle.count where b[i + j] != needle[j] { ok = false; break }
                if ok { return i }
            }
            i += 1
        }
        return nil
    }

    private func firstWord(_ s: Int, _ e: Int) -> String {
        var i = s
        while i < e, !ASCII.isSpace(b[i]), b[i] != ASCII.lbrace { i += 1 }
        return String(bytes: b[s..<i])
    }

    private func fenceAt(_ s: Int, _ e: Int) -> (char: UInt8, count: Int, infoStart: Int, infoEnd: Int)? {
        var i = s
        while i < e, b[i] == ASCII.space { i += 1 }
        guard i < e, b[i] == ASCII.backtick || b[i] == ASCII.tilde else { return nil }
        let c = b[i], start = i
        while i < e, b[i] == c { i += 1 }
        let n = i - start
        guard n >= 3 else { return nil }
        while i < e, ASCII.isSpace(b[i]) { i += 1 }
        var j = e
        while j > i, ASCII.isSpace(b[j - 1]) { j -= 1 }
        if c == ASCII.backtick, b[i..<j].contains(ASCII.backtick) { return nil }
        return (c, n, i, j)
    }

    private mutating func placeholder(_ s: Int, _ t: Int, _ markerIndexes: Range<Int>) {
        guard !markerIndexes.isEmpty else { return }
        r.text.append(contentsOf: b[s..<t])
        for m in markerIndexes {
            r.text.append("<!--quire:" as StaticString)
            r.text.append(String(m))
            r.text.append("-->" as StaticString)
        }
    }

    private mutating func addMarker(_ kind: Marker.Kind, line k: Int) {
        r.markers.append(Marker(kind: kind, line: k + 1))
    }

    // MARK: - Admonitions

    private mutating func admonitionLine(_ k: Int, _ s: Int, _ t: Int, _ e: Int) -> Bool {
        var i = t
        while i < e, b[i] == ASCII.colon { i += 1 }
        let n = i - t
        guard n >= 3 else { return false }
        var j = e
        while j > i, ASCII.isSpace(b[j - 1]) { j -= 1 }
        let first = r.markers.count
        if i == j {
            guard !admonitions.isEmpty else { return false }
            // Close the innermost; a longer fence also closes the shorter ones inside it.
            while admonitions.count > 1, admonitions.last! < n, admonitions.dropLast().contains(n) {
                admonitions.removeLast(); addMarker(.admonitionClose, line: k)
            }
            admonitions.removeLast(); addMarker(.admonitionClose, line: k)
        } else {
            let ts = i
            while i < j, ASCII.isAlpha(b[i]) { i += 1 }
            let type = String(bytes: b[ts..<i]).lowercased()
            guard Admonition.types.contains(type) else { return false }
            var title: String?
            if i < j, b[i] == ASCII.lbracket {
                var depth = 0, x = i
                while x < j {
                    if b[x] == ASCII.lbracket { depth += 1 } else if b[x] == ASCII.rbracket { depth -= 1; if depth == 0 { break } }
                    x += 1
                }
                title = String(bytes: b[(i + 1)..<min(x, j)])
            } else {
                var te = j
                if te > i, b[te - 1] == ASCII.rbrace, let open = b[i..<te].lastIndex(of: ASCII.lbrace) { te = open }
                title = String(bytes: b[i..<te])
            }
            if let tt = title?.trimmingWhitespace, !tt.isEmpty { title = mathSubstituted(tt) } else { title = nil }
            admonitions.append(n)
            addMarker(.admonitionOpen(type: type, title: title), line: k)
        }
        placeholder(s, t, first..<r.markers.count)
        newline()
        return true
    }

    // MARK: - Math blocks

    private mutating func mathBlock(_ k: Int, _ s: Int, _ t: Int, _ e: Int) -> Int? {
        guard t + 1 < e, b[t + 1] == ASCII.dollar else { return nil }
        var rest = t + 2
        while rest < e, ASCII.isSpace(b[rest]) { rest += 1 }
        var te = e
        while te > rest, ASCII.isSpace(b[te - 1]) { te -= 1 }
        var tex: [UInt8] = []
        var last = k
        if te - rest >= 2, b[te - 1] == ASCII.dollar, b[te - 2] == ASCII.dollar {
            tex.append(contentsOf: b[rest..<(te - 2)])
        } else {
            if rest < te { tex.append(contentsOf: b[rest..<te]); tex.append(ASCII.newline) }
            var m = k + 1
            var closed = false
            while m < lineCount {
                let ls = lineStarts[m], le = lineEnd(m)
                var x = le
                while x > ls, ASCII.isSpace(b[x - 1]) { x -= 1 }
                if x - ls >= 2, b[x - 1] == ASCII.dollar, b[x - 2] == ASCII.dollar {
                    var y = ls
                    while y < x - 2, ASCII.isSpace(b[y]) { y += 1 }
                    tex.append(contentsOf: b[y..<(x - 2)])
                    closed = true
                    break
                }
                tex.append(contentsOf: b[ls..<le]); tex.append(ASCII.newline)
                m += 1
            }
            guard closed else { return nil }
            last = m
        }
        let first = r.markers.count
        addMarker(.mathBlock(String(bytes: tex).trimmingWhitespace), line: k)
        r.usesMath = true
        placeholder(s, t, first..<r.markers.count)
        newline()
        for _ in k..<last { newline() }
        return last
    }

    // MARK: - import / export

    private static let exportWords: Set<String> = ["const", "let", "var", "function", "default", "class", "async", "{", "*", "type", "interface"]

    private mutating func moduleStatement(_ k: Int, _ t: Int, _ e: Int) -> Int? {
        let isImport: Bool
        if hasPrefix("import", at: t, e), t + 6 < e, b[t + 6] == ASCII.space || b[t + 6] == ASCII.lbrace {
            // `import x from`, `import {`, `import * as`, `import 'x'`
            var i = t + 6
            while i < e, b[i] == ASCII.space { i += 1 }
            guard i < e else { return nil }
            let c = b[i]
            guard c == ASCII.lbrace || c == ASCII.star || c == ASCII.quote || c == ASCII.apos
                    || find(Array(" from ".utf8), from: i, to: e) != nil || find(Array(",".utf8), from: i, to: e) != nil
                    || (ASCII.isAlpha(c) && firstWordEnd(i, e) == e) else { return nil }
            isImport = true
        } else if hasPrefix("export ", at: t, e) {
            var i = t + 7
            while i < e, b[i] == ASCII.space { i += 1 }
            var w = i
            while w < e, ASCII.isAlpha(b[w]) { w += 1 }
            let word = w > i ? String(bytes: b[i..<w]) : (i < e ? String(bytes: b[i..<(i + 1)]) : "")
            guard Self.exportWords.contains(word) else { return nil }
            isImport = false
        } else { return nil }
        var depth = 0
        var m = k
        var sawFrom = false
        while true {
            let ls = lineStarts[m], le = lineEnd(m)
            var quote: UInt8 = 0
            for i in ls..<le {
                let c = b[i]
                if quote != 0 { if c == quote { quote = 0 }; continue }
                switch c {
                case ASCII.quote, ASCII.apos, ASCII.backtick: quote = c
                case ASCII.lbrace, 40, ASCII.lbracket: depth += 1
                case ASCII.rbrace, 41, ASCII.rbracket: depth -= 1
                default: break
                }
            }
            if find(Array("from".utf8), from: ls, to: le) != nil || find(Array("import '".utf8), from: ls, to: le) != nil
                || find(Array("import \"".utf8), from: ls, to: le) != nil { sawFrom = true }
            if depth <= 0 && (!isImport || sawFrom) { break }
            if m + 1 >= lineCount || m - k > 300 || lineStarts[m + 1] == lineEnd(m + 1) { break }
            m += 1
        }
        if m >= lineCount { m = lineCount - 1 }
        for _ in k...m { newline() }
        return m
    }

    private func hasPrefix(_ p: StaticString, at i: Int, _ e: Int) -> Bool {
        let n = p.utf8CodeUnitCount
        guard i + n <= e else { return false }
        return p.withUTF8Buffer { buf in
            for j in 0..<n where b[i + j] != buf[j] { return false }
            return true
        }
    }
    private func firstWordEnd(_ s: Int, _ e: Int) -> Int {
        var i = s
        while i < e, !ASCII.isSpace(b[i]) { i += 1 }
        var j = i
        while j < e, ASCII.isSpace(b[j]) { j += 1 }
        return j == e ? e : i
    }

    // MARK: - JSX

    private enum Item { case tag(JSXTag), summary(String), paragraph(String) }

    /// A line made only of tags, `{expressions}` and comments (possibly running over several
    /// lines) becomes markers; anything else is left to cmark.
    private mutating func jsxLine(_ k: Int, _ s: Int, _ t: Int, _ e: Int) -> Int? {
        let limit = k + 400 < lineStarts.count ? lineStarts[k + 400] : b.count
        var items: [(Item, Int)] = []
        var i = t
        while true {
            while i < b.count, ASCII.isSpace(b[i]) { i += 1 }
            if i >= b.count || b[i] == ASCII.newline || b[i] == ASCII.cr { break }
            let at = i
            if b[i] == ASCII.lt {
                if hasPrefix("<!--", at: i, b.count) {
                    guard let c = find(Array("-->".utf8), from: i + 4, to: limit) else { return nil }
                    i = c + 3
                    continue
                }
                guard let (tag, j) = scanner.tag(at: i, limit: limit) else { return nil }
                let lname = tag.name.lowercased()
                if !tag.isComponent && HTMLTags.dropped.contains(lname) { return nil }
                if lname == "summary" && !tag.isClosing && !tag.isSelfClosing {
                    guard let c = find(Array("</summary>".utf8), from: j, to: limit) else { return nil }
                    items.append((.summary(String(bytes: b[j..<c]).trimmingWhitespace), at))
                    i = c + 10
                    continue
                }
                items.append((.tag(tag), at))
                i = j
            } else if b[i] == ASCII.lbrace {
                guard let j = scanner.expressionEnd(at: i, limit: limit) else { return nil }
                i = j
            } else if case .tag(let open)? = items.last?.0, open.isComponent, !open.isClosing, !open.isSelfClosing {
                // `<TabItem value="a">Some *text*</TabItem>` on one line.
                let lineEnd = lineEnd(lineIndex(containing: i, from: k))
                let close = Array("</\(open.name)>".utf8)
                var x = lineEnd
                while x > i, ASCII.isSpace(b[x - 1]) { x -= 1 }
                guard x - close.count >= i, Array(b[(x - close.count)..<x]) == close else { return nil }
                items.append((.paragraph(String(bytes: b[i..<(x - close.count)]).trimmingWhitespace), i))
                var closing = JSXTag(name: open.name)
                closing.isClosing = true
                items.append((.tag(closing), x - close.count))
                i = x
            } else {
                return nil
            }
        }
        let last = lineIndex(containing: min(i, b.count - 1), from: k)
        let first = r.markers.count
        for (item, at) in items {
            let line = lineIndex(containing: at, from: k)
            switch item {
            case .summary(let text): addMarker(.summary(mathSubstituted(text)), line: line)
            case .paragraph(let text): addMarker(.paragraph(mathSubstituted(text)), line: line)
            case .tag(let tag): handle(tag, line: line)
            }
        }
        placeholder(s, t, first..<r.markers.count)
        newline()
        for _ in k..<last { newline() }
        return last
    }

    private mutating func popFrame(_ name: String) {
        if let idx = frames.lastIndex(where: { $0.name == name }) { frames.removeSubrange(idx...) }
    }

    private mutating func handle(_ tag: JSXTag, line k: Int) {
        if tag.name.isEmpty { return }  // fragment
        switch tag.name {
        case "Tabs":
            r.usesTabs = true
            if tag.isClosing {
                addMarker(.tabsClose, line: k)
                popFrame("Tabs")
                if !tabsStack.isEmpty { tabsStack.removeLast() }
                return
            }
            var items: [Marker.TabInfo] = []
            if case .expression(let values)? = tag.attribute("values") { items = Self.tabValues(values) }
            tabsStack.append(r.markers.count)
            addMarker(.tabsOpen(groupID: tag.stringAttribute("groupId"), defaultValue: tag.stringAttribute("defaultValue"), items: items), line: k)
            if tag.isSelfClosing { addMarker(.tabsClose, line: k); tabsStack.removeLast() } else { frames.append(Frame(name: "Tabs")) }
        case "TabItem":
            if tag.isClosing { addMarker(.tabItemClose, line: k); popFrame("TabItem"); return }
            let value = tag.stringAttribute("value") ?? ""
            var isDefault = tag.hasAttribute("default")
            if case .expression(let x)? = tag.attribute("default"), x.trimmingWhitespace == "false" { isDefault = false }
            if let ti = tabsStack.last, case .tabsOpen(let g, let d, var items) = r.markers[ti].kind {
                if let existing = items.firstIndex(where: { $0.value == value }) {
                    items[existing].isDefault = items[existing].isDefault || isDefault
                    if let l = tag.stringAttribute("label") { items[existing].label = l }
                } else {
                    items.append(.init(value: value, label: tag.stringAttribute("label") ?? value, isDefault: isDefault))
                }
                r.markers[ti].kind = .tabsOpen(groupID: g, defaultValue: d, items: items)
            }
            addMarker(.tabItemOpen(value: value, tabs: tabsStack.last), line: k)
            if tag.isSelfClosing { addMarker(.tabItemClose, line: k) } else { frames.append(Frame(name: "TabItem")) }
        default:
            if tag.isComponent {
                if tag.isClosing { popFrame(tag.name); return }
                if tag.isSelfClosing {
                    r.warnings.append(MarkdownWarning(line: k + 1, message: "unknown component <\(tag.name) /> left out"))
                } else {
                    r.warnings.append(MarkdownWarning(line: k + 1, message: "unknown component <\(tag.name)> rendered as its children"))
                    frames.append(Frame(name: tag.name))
                }
                return
            }
            let lname = tag.name.lowercased()
            if lname == "details" {
                if tag.isClosing { addMarker(.detailsClose, line: k); popFrame("details") } else {
                    addMarker(.detailsOpen(tag), line: k)
                    if tag.isSelfClosing { addMarker(.detailsClose, line: k) } else { frames.append(Frame(name: "details")) }
                }
                return
            }
            if tag.isClosing {
                if !HTMLTags.void.contains(lname) { addMarker(.htmlClose(lname), line: k) }
                popFrame(tag.name)
                return
            }
            addMarker(.htmlOpen(tag), line: k)
            if HTMLTags.void.contains(lname) { return }
            if tag.isSelfClosing { addMarker(.htmlClose(lname), line: k) } else { frames.append(Frame(name: tag.name)) }
        }
    }

    /// `values={[{label: 'Apple', value: 'apple'}, ...]}` (Docusaurus v1/v2 style).
    static func tabValues(_ e: String) -> [Marker.TabInfo] {
        var out: [Marker.TabInfo] = []
        for obj in e.split(separator: "{").dropFirst() {
            let body = obj.split(separator: "}").first.map(String.init) ?? ""
            func field(_ key: String) -> String? {
                guard let r = body.firstRange(of: key) else { return nil }
                let after = body[r.upperBound...].drop(while: { $0 == " " || $0 == ":" })
                guard let q = after.first, q == "'" || q == "\"" || q == "`" else { return nil }
                return String(after.dropFirst().prefix(while: { $0 != q }))
            }
            if let v = field("value") { out.append(.init(value: v, label: field("label") ?? v, isDefault: false)) }
        }
        return out
    }

    // MARK: - Text lines: `{/* */}` and inline math

    private mutating func mathSubstituted(_ s: String) -> String {
        let saved = r.text
        r.text = []
        let u = Array(s.utf8)
        Self.scanInline(u, 0, u.count, into: &r, inJSComment: &inJSComment)
        inJSComment = false
        let out = String(bytes: r.text)
        r.text = saved
        return out
    }

    private mutating func emitText(_ s: Int, _ e: Int) {
        Self.scanInline(b, s, e, into: &r, inJSComment: &inJSComment)
    }

    /// Copies `b[s..<e]` into `r.text`, removing `{/* */}` and replacing inline math with
    /// placeholders. Code spans and backslash escapes are copied as they are.
    static func scanInline(_ b: [UInt8], _ s: Int, _ e: Int, into r: inout Preprocessed, inJSComment: inout Bool) {
        var i = s
        var copyFrom = s
        func flush(_ to: Int) { if to > copyFrom { r.text.append(contentsOf: b[copyFrom..<to]) } }
        while i < e {
            let c = b[i]
            if c == ASCII.backtick {
                var n = i
                while n < e, b[n] == ASCII.backtick { n += 1 }
                let run = n - i
                var j = n
                var closed = -1
                while j < e {
                    if b[j] == ASCII.backtick {
                        var m = j
                        while m < e, b[m] == ASCII.backtick { m += 1 }
                        if m - j == run { closed = m; break }
                        j = m
                    } else { j += 1 }
                }
                i = closed >= 0 ? closed : n
                continue
            }
            if c == ASCII.backslash { i += 2; continue }
            if c == ASCII.lbrace, i + 2 < e, b[i + 1] == ASCII.slash, b[i + 2] == ASCII.star {
                flush(i)
                var j = i + 3
                var found = -1
                while j + 2 < e {
                    if b[j] == ASCII.star, b[j + 1] == ASCII.slash, b[j + 2] == ASCII.rbrace { found = j + 3; break }
                    j += 1
                }
                if found < 0 { inJSComment = true; return }
                i = found; copyFrom = found
                continue
            }
            if c == ASCII.dollar {
                var n = i
                while n < e, b[n] == ASCII.dollar { n += 1 }
                let run = n - i
                guard run <= 2, n < e, !ASCII.isWhite(b[n]) else { i = n; continue }
                // The closing run: same length, no space before it, no digit after it. Math
                // never spans a code span or another `$` (so `$5 and $10` stays text).
                var j = n
                var found = -1
                while j < e {
                    if b[j] == ASCII.backslash { j += 2; continue }
                    if b[j] == ASCII.backtick { break }
                    if b[j] == ASCII.dollar {
                        var m = j
                        while m < e, b[m] == ASCII.dollar { m += 1 }
                        if m - j == run, !ASCII.isWhite(b[j - 1]), !(m < e && ASCII.isDigit(b[m])) { found = j }
                        break
                    }
                    j += 1
                }
                guard found >= 0 else { i = n; continue }
                flush(i)
                let idx = r.math.count
                r.math.append(InlineMath(tex: String(bytes: b[n..<found]), original: Array(b[i..<(found + run)])))
                r.usesMath = true
                r.text.append(contentsOf: MathMark.open)
                r.text.append(String(idx))
                r.text.append(contentsOf: MathMark.close)
                i = found + run
                copyFrom = i
                continue
            }
            i += 1
        }
        flush(e)
    }
}
