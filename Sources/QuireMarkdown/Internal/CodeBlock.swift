/// A fenced code block's info string: ` ```py title="x.py" {1,3-5} showLineNumbers `.
struct CodeMeta {
    var language = ""
    var title: String?
    var highlightRanges: [ClosedRange<Int>] = []
    var hasRanges = false
    var showLineNumbers = false
    var startLine = 1

    init(_ info: String) {
        var u = Array(info.utf8)[...]
        func skipSpace() { while let c = u.first, ASCII.isSpace(c) { u = u.dropFirst() } }
        skipSpace()
        var lang: [UInt8] = []
        while let c = u.first, !ASCII.isSpace(c), c != ASCII.lbrace { lang.append(c); u = u.dropFirst() }
        language = String(bytes: lang)
        while true {
            skipSpace()
            guard let c = u.first else { break }
            if c == ASCII.lbrace {
                var body: [UInt8] = []
                u = u.dropFirst()
                while let d = u.first, d != ASCII.rbrace { body.append(d); u = u.dropFirst() }
                u = u.dropFirst()
                hasRanges = true
                for part in String(bytes: body).split(separator: ",") {
                    let bounds = part.split(separator: "-").compactMap { Int($0.trimmingWhitespace) }
                    if bounds.count == 1 { highlightRanges.append(bounds[0]...bounds[0]) }
                    else if bounds.count == 2, bounds[0] <= bounds[1] { highlightRanges.append(bounds[0]...bounds[1]) }
                }
                continue
            }
            var key: [UInt8] = []
            while let d = u.first, !ASCII.isSpace(d), d != ASCII.equals { key.append(d); u = u.dropFirst() }
            var value: String?
            if u.first == ASCII.equals {
                u = u.dropFirst()
                if let q = u.first, q == ASCII.quote || q == ASCII.apos {
                    u = u.dropFirst()
                    var v: [UInt8] = []
                    while let d = u.first, d != q { v.append(d); u = u.dropFirst() }
                    u = u.dropFirst()
                    value = String(bytes: v)
                } else {
                    var v: [UInt8] = []
                    while let d = u.first, !ASCII.isSpace(d) { v.append(d); u = u.dropFirst() }
                    value = String(bytes: v)
                }
            }
            if key.isEmpty { u = u.dropFirst(); continue }
            switch String(bytes: key) {
            case "title": title = value
            case "showLineNumbers":
                showLineNumbers = true
                if let v = value, let n = Int(v) { startLine = n }
            default: break
            }
        }
    }

    func isHighlighted(_ line: Int) -> Bool { highlightRanges.contains(where: { $0.contains(line) }) }
}

/// Docusaurus magic comments: `// highlight-next-line`, `# highlight-start`, `<!-- highlight-end -->`, ...
enum MagicComment {
    case nextLine, start, end

    private static let forms: [(String, String)] = [("//", ""), ("#", ""), ("--", ""), ("%", ""), (";", ""),
                                                    ("/*", "*/"), ("{/*", "*/}"), ("<!--", "-->")]

    init?(_ line: Substring) {
        let t = line.trimmingWhitespace
        guard t.utf8.count >= 12, t.contains("highlight-") else { return nil }
        for (open, close) in Self.forms where t.hasPrefix(open) && t.hasSuffix(close) && t.utf8.count >= open.utf8.count + close.utf8.count {
            let inner = String(t.dropFirst(open.count).dropLast(close.count)).trimmingWhitespace
            switch inner {
            case "highlight-next-line": self = .nextLine; return
            case "highlight-start": self = .start; return
            case "highlight-end": self = .end; return
            default: continue
            }
        }
        return nil
    }
}

extension Substring {
    var trimmingWhitespace: String { String(self).trimmingWhitespace }
}
