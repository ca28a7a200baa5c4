/// A JSX/HTML tag as written: `<Name attr="v" flag {...spread}>`, `</Name>`, `<Name />`.
struct JSXTag {
    enum Value { case none, string(String), expression(String) }
    var name: String
    var isClosing = false
    var isSelfClosing = false
    var attributes: [(name: String, value: Value)] = []

    /// True for components (`Tabs`, `Foo.Bar`): JSX names starting with an uppercase letter.
    var isComponent: Bool { name.utf8.first.map(ASCII.isUpper) ?? false }

    func attribute(_ key: String) -> Value? { attributes.first(where: { $0.name == key })?.value }

    /// A string attribute, or an expression that is just a string literal (`{'x'}`).
    func stringAttribute(_ key: String) -> String? {
        switch attribute(key) {
        case .string(let s)?: return s
        case .expression(let e)?: return JSXScanner.stringLiteral(e)
        default: return nil
        }
    }
    func hasAttribute(_ key: String) -> Bool { attribute(key) != nil }
}

/// Scans JSX tags, `{expressions}` and comments in a byte buffer. Every scan is bounded and
/// returns nil on anything it does not understand, so real-world MDX never crashes it.
struct JSXScanner {
    let b: [UInt8]
    let end: Int

    init(_ bytes: [UInt8]) { b = bytes; end = bytes.count }

    /// Parses a tag starting at `i` (which holds `<`). Returns the tag and the index after `>`.
    func tag(at start: Int, limit: Int) -> (JSXTag, Int)? {
        var i = start + 1
        let lim = min(limit, end)
        guard i < lim else { return nil }
        var tag = JSXTag(name: "")
        if b[i] == ASCII.slash { tag.isClosing = true; i += 1 }
        if i < lim && b[i] == ASCII.gt { return (tag, i + 1) }  // fragment <> or </>
        guard i < lim, ASCII.isAlpha(b[i]) else { return nil }
        let ns = i
        while i < lim, ASCII.isAlnum(b[i]) || b[i] == ASCII.dash || b[i] == 46 || b[i] == ASCII.colon || b[i] == 95 { i += 1 }
        tag.name = String(bytes: b[ns..<i])
        while true {
            while i < lim, ASCII.isWhite(b[i]) { i += 1 }
            guard i < lim else { return nil }
            let c = b[i]
            if c == ASCII.gt { return (tag, i + 1) }
            if c == ASCII.slash {
                guard i + 1 < lim, b[i + 1] == ASCII.gt else { return nil }
                tag.isSelfClosing = true
                return (tag, i + 2)
            }
            if c == ASCII.lbrace {  // spread {...props}
                guard let e = expressionEnd(at: i, limit: lim) else { return nil }
                i = e
                continue
            }
            guard !tag.isClosing, ASCII.isAlpha(c) || c == 95 else { return nil }
            let an = i
            while i < lim, !ASCII.isWhite(b[i]), b[i] != ASCII.equals, b[i] != ASCII.gt, b[i] != ASCII.slash,
                  b[i] != ASCII.quote, b[i] != ASCII.apos, b[i] != ASCII.lbrace, b[i] != ASCII.lt { i += 1 }
            guard i > an else { return nil }
            let name = String(bytes: b[an..<i])
            while i < lim, ASCII.isWhite(b[i]) { i += 1 }
            guard i < lim else { return nil }
            if b[i] != ASCII.equals { tag.attributes.append((name, .none)); continue }
            i += 1
            while i < lim, ASCII.isWhite(b[i]) { i += 1 }
            guard i < lim else { return nil }
            let q = b[i]
            if q == ASCII.quote || q == ASCII.apos {
                var j = i + 1
                while j < lim, b[j] != q { j += 1 }
                guard j < lim else { return nil }
                tag.attributes.append((name, .string(String(bytes: b[(i + 1)..<j]))))
                i = j + 1
            } else if q == ASCII.lbrace {
                guard let e = expressionEnd(at: i, limit: lim) else { return nil }
                tag.attributes.append((name, .expression(String(bytes: b[(i + 1)..<(e - 1)]))))
                i = e
            } else {
                let vs = i
                while i < lim, !ASCII.isWhite(b[i]), b[i] != ASCII.gt { i += 1 }
                if i > vs && b[i - 1] == ASCII.slash && i < lim && b[i] == ASCII.gt { i -= 1 }
                tag.attributes.append((name, .string(String(bytes: b[vs..<i]))))
            }
        }
    }

    /// Index after the `}` matching the `{` at `start`, skipping strings and nested braces.
    func expressionEnd(at start: Int, limit: Int) -> Int? {
        var depth = 0
        var i = start
        let lim = min(limit, end)
        while i < lim {
            let c = b[i]
            switch c {
            case ASCII.lbrace: depth += 1
            case ASCII.rbrace:
                depth -= 1
                if depth == 0 { return i + 1 }
            case ASCII.quote, ASCII.apos, ASCII.backtick:
                // A string literal; apostrophes in JSX text (`Don't`) are not strings, so a
                // quote that does not close on the same line is taken as plain text.
                var j = i + 1
                while j < lim, b[j] != c {
                    if b[j] == ASCII.backslash { j += 1 } else if b[j] == ASCII.newline && c != ASCII.backtick { break }
                    j += 1
                }
                if j < lim && b[j] == c { i = j }
            case ASCII.slash where i + 1 < lim && b[i + 1] == ASCII.star:
                var j = i + 2
                while j + 1 < lim, !(b[j] == ASCII.star && b[j + 1] == ASCII.slash) { j += 1 }
                guard j + 1 < lim else { return nil }
                i = j + 1
            default: break
            }
            i += 1
        }
        return nil
    }

    /// `'x'` / `"x"` / `` `x` `` (whole expression) → x.
    static func stringLiteral(_ e: String) -> String? {
        let t = e.trimmingWhitespace
        guard t.utf8.count >= 2, let f = t.utf8.first, let l = t.utf8.last, f == l,
              f == ASCII.quote || f == ASCII.apos || f == ASCII.backtick else { return nil }
        return String(bytes: t.utf8.dropFirst().dropLast())
    }
}

extension String {
    var trimmingWhitespace: String {
        let u = Array(utf8)
        var s = 0, e = u.count
        while s < e, ASCII.isWhite(u[s]) { s += 1 }
        while e > s, ASCII.isWhite(u[e - 1]) { e -= 1 }
        return String(bytes: u[s..<e])
    }
}
