/// `:::note Title` … `:::` (nested fences close innermost first).
extension Preprocessor {
    mutating func admonitionLine(_ line: Line) -> Bool {
        var i = line.text
        while i < line.end, b[i] == ASCII.colon { i += 1 }
        let n = i - line.text
        guard n >= 3 else { return false }
        var j = line.end
        while j > i, ASCII.isSpace(b[j - 1]) { j -= 1 }
        let first = r.markers.count
        if i == j {
            guard !admonitions.isEmpty else { return false }
            // Close the innermost; a longer fence also closes the shorter ones inside it.
            while admonitions.count > 1, admonitions.last! < n, admonitions.dropLast().contains(n) {
                admonitions.removeLast(); addMarker(.admonitionClose, line: line.index)
            }
            admonitions.removeLast(); addMarker(.admonitionClose, line: line.index)
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
            addMarker(.admonitionOpen(type: type, title: title), line: line.index)
        }
        placeholder(line.start, line.text, first..<r.markers.count)
        newline()
        return true
    }
}
