/// cmark-gfm 0.29.0.gfm.6 (Debian 12) parses a table row in time quadratic in its columns and
/// pads every short row to the header's width: a 20,000-column header took 3.4 s, and a
/// 1,000-column header over 2,000 one-word lines made 2 million cells (16 s). Tables over these
/// limits are refused before cmark sees them, with the line of the delimiter row.
enum TableLimits {
    static let maxColumns = 500
    static let maxCells = 200_000

    /// Line (1-based, in `text`) and message of the first table over a limit, if any.
    static func firstViolation(_ text: [UInt8]) -> (line: Int, message: String)? {
        var line = 0
        var i = 0
        let n = text.count
        var fence: (char: UInt8, count: Int)?
        var table: (columns: Int, rows: Int, line: Int)?
        while i < n {
            line += 1
            var end = i
            while end < n && text[end] != ASCII.newline { end += 1 }
            defer { i = end + 1 }
            // Container prefixes (quotes, list indentation) do not change what a row is.
            var s = i
            while s < end && (text[s] == ASCII.space || text[s] == 9 || text[s] == ASCII.gt) { s += 1 }
            if let f = fence {
                var k = s, c = 0
                while k < end && text[k] == f.char { k += 1; c += 1 }
                if c >= f.count { fence = nil }
                continue
            }
            if s + 2 < end, text[s] == ASCII.backtick || text[s] == 126 {
                var k = s, c = 0
                while k < end && text[k] == text[s] { k += 1; c += 1 }
                if c >= 3 { fence = (text[s], c); table = nil; continue }
            }
            if s == end {  // a blank line ends a table
                table = nil
                continue
            }
            if var t = table {
                t.rows += 1
                if t.columns * t.rows > maxCells {
                    return (t.line, "table has \(t.columns) columns and at least \(t.rows) rows (\(ByteFree.grouped(t.columns * t.rows)) cells); the limit is \(ByteFree.grouped(maxCells)) cells: split it")
                }
                table = t
                continue
            }
            // A delimiter row: pipes, dashes, colons and spaces only, with a pipe and a dash.
            var pipes = 0, dashes = 0, other = false
            var k = s
            while k < end {
                switch text[k] {
                case 124: pipes += 1
                case ASCII.dash: dashes += 1
                case ASCII.colon, ASCII.space, 9: break
                default: other = true
                }
                if other { break }
                k += 1
            }
            guard !other, pipes > 0, dashes > 0 else { continue }
            let columns = pipes + 1
            if columns > maxColumns {
                return (line, "table delimiter row has \(pipes) '|' separators; the limit is \(maxColumns) columns: split the table")
            }
            table = (columns, 1, line)
        }
        return nil
    }
}

/// Thousands separators without Foundation (QuireMarkdown does not depend on QuireSupport).
enum ByteFree {
    static func grouped(_ n: Int) -> String {
        let d = String(n)
        var out = ""
        for (i, c) in d.enumerated() {
            if i > 0 && (d.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
