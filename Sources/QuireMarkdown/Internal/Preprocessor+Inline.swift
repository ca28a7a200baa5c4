/// Text lines: `{/* */}` comments removed, inline math replaced by placeholders.
extension Preprocessor {
    mutating func mathSubstituted(_ s: String) -> String {
        let saved = r.text
        r.text = []
        let u = Array(s.utf8)
        Self.scanInline(u, 0, u.count, into: &r, inJSComment: &inJSComment)
        inJSComment = false
        let out = String(bytes: r.text)
        r.text = saved
        return out
    }

    mutating func emitText(_ s: Int, _ e: Int) {
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
