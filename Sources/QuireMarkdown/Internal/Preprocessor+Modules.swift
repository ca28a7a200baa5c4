/// MDX `import` / `export` statements: dropped, keeping the line count.
extension Preprocessor {
    static let exportWords: Set<String> = ["const", "let", "var", "function", "default", "class", "async", "{", "*", "type", "interface"]

    mutating func moduleStatement(_ line: Line) -> Int? {
        let isImport: Bool
        if hasPrefix("import", at: line.text, line.end), line.text + 6 < line.end, b[line.text + 6] == ASCII.space || b[line.text + 6] == ASCII.lbrace {
            // `import x from`, `import {`, `import * as`, `import 'x'`
            var i = line.text + 6
            while i < line.end, b[i] == ASCII.space { i += 1 }
            guard i < line.end else { return nil }
            let c = b[i]
            guard c == ASCII.lbrace || c == ASCII.star || c == ASCII.quote || c == ASCII.apos
                    || find(Array(" from ".utf8), from: i, to: line.end) != nil || find(Array(",".utf8), from: i, to: line.end) != nil
                    || (ASCII.isAlpha(c) && firstWordEnd(i, line.end) == line.end) else { return nil }
            isImport = true
        } else if hasPrefix("export ", at: line.text, line.end) {
            var i = line.text + 7
            while i < line.end, b[i] == ASCII.space { i += 1 }
            var w = i
            while w < line.end, ASCII.isAlpha(b[w]) { w += 1 }
            let word = w > i ? String(bytes: b[i..<w]) : (i < line.end ? String(bytes: b[i..<(i + 1)]) : "")
            guard Self.exportWords.contains(word) else { return nil }
            isImport = false
        } else { return nil }
        var depth = 0
        var m = line.index
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
            if m + 1 >= lineCount || m - line.index > 300 || lineStarts[m + 1] == lineEnd(m + 1) { break }
            m += 1
        }
        if m >= lineCount { m = lineCount - 1 }
        for _ in line.index...m { newline() }
        return m
    }

    func hasPrefix(_ p: StaticString, at i: Int, _ e: Int) -> Bool {
        let n = p.utf8CodeUnitCount
        guard i + n <= e else { return false }
        return p.withUTF8Buffer { buf in
            for j in 0..<n where b[i + j] != buf[j] { return false }
            return true
        }
    }
    func firstWordEnd(_ s: Int, _ e: Int) -> Int {
        var i = s
        while i < e, !ASCII.isSpace(b[i]) { i += 1 }
        var j = i
        while j < e, ASCII.isSpace(b[j]) { j += 1 }
        return j == e ? e : i
    }
}
