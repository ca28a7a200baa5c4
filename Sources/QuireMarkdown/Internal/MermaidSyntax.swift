/// A cheap build-time check of a mermaid diagram: it finds what cannot even be tokenised, not
/// everything mermaid would reject (the browser shows those with their source). No JS engine.
///
/// - the first line after front matter (`---` … `---`), `%%{…}%%` directives and `%%` comments
///   must name a diagram type mermaid 11 knows;
/// - front matter and directives must be closed;
/// - flowcharts: brackets of node shapes balanced per statement (`A[..]`, `A((..))`, `A{{..}}`,
///   `A>..]`, …), quotes and `|edge labels|` closed, `subgraph` … `end` balanced;
/// - sequence diagrams: `loop`/`alt`/`opt`/`par`/`critical`/`break`/`rect`/`box` … `end`;
/// - class and state diagrams: `{` … `}` bodies balanced, quotes closed;
/// - ER diagrams: entity `{` … `}` blocks balanced.
/// Free text (after `:` in sequence/class/state/ER lines, inside quotes, multi-line notes) is skipped.
enum MermaidSyntax {
    struct Problem: Equatable, Sendable {
        /// 0-based line within the diagram source.
        var line: Int
        var message: String
    }

    /// Type keywords as mermaid 11.16 detects them (a prefix of the first line).
    static let types: [String] = [
        "flowchart-elk", "flowchart", "graph", "sequenceDiagram", "classDiagram-v2", "classDiagram",
        "stateDiagram-v2", "stateDiagram", "erDiagram", "journey", "gantt", "pie", "quadrantChart",
        "requirementDiagram", "requirement", "gitGraph", "C4Context", "C4Container", "C4Component",
        "C4Dynamic", "C4Deployment", "mindmap", "timeline", "zenuml", "sankey-beta", "sankey",
        "xychart-beta", "xychart", "block-beta", "block", "packet-beta", "packet", "kanban",
        "architecture-beta", "architecture", "radar-beta", "treemap-beta", "treemap", "info",
        "venn-beta", "ishikawa-beta", "ishikawa", "treeView-beta", "wardley-beta", "swimlane-beta",
        "cynefin-beta", "eventmodeling", "railroad-beta", "railroad-ebnf-beta", "railroad-abnf-beta",
        "railroad-peg-beta",
    ]

    static func check(_ source: String) -> Problem? {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.last == "\r" ? line.dropLast() : line
        }
        var i = 0
        // Front matter.
        while i < lines.count, lines[i].trimmingSpaces.isEmpty { i += 1 }
        if i < lines.count, lines[i].trimmingSpaces == "---" {
            let open = i
            i += 1
            while i < lines.count, lines[i].trimmingSpaces != "---" { i += 1 }
            if i == lines.count { return Problem(line: open, message: "front matter opened with '---' is not closed") }
            i += 1
        }
        // Directives and comments before the type line.
        while i < lines.count {
            let t = lines[i].trimmingSpaces
            if t.isEmpty { i += 1; continue }
            if t.hasPrefix("%%{") {
                let open = i
                while i < lines.count, !lines[i].contains("}%%") { i += 1 }
                if i == lines.count { return Problem(line: open, message: "directive '%%{' is not closed with '}%%'") }
                i += 1
                continue
            }
            if t.hasPrefix("%%") { i += 1; continue }
            break
        }
        guard i < lines.count else { return Problem(line: 0, message: "empty diagram") }
        let first = lines[i].trimmingSpaces
        guard let type = types.first(where: { first.hasPrefix($0) }) else {
            let word = first.prefix(while: { !$0.isWhitespace && $0 != ";" })
            return Problem(line: i, message: "unknown diagram type '\(word.prefix(40))' (expected flowchart, graph, sequenceDiagram, classDiagram, stateDiagram, erDiagram, gantt, pie, mindmap, ...)")
        }
        let body = Array(lines[(i + 1)...])
        let offset = i + 1
        let problem: Problem?
        switch type {
        case "flowchart", "flowchart-elk", "graph":
            // `graph TD; A-->B` puts statements on the type line too.
            return flowchart([first.dropFirst(type.count)] + body, firstLine: i)
        case "sequenceDiagram": problem = sequence(body)
        case "classDiagram", "classDiagram-v2": problem = braces(body, noteBlocks: false)
        case "stateDiagram", "stateDiagram-v2": problem = braces(body, noteBlocks: true)
        case "erDiagram": problem = entityBlocks(body)
        default: problem = nil
        }
        return problem.map { Problem(line: $0.line + offset, message: $0.message) }
    }

    // MARK: flowchart

    static let closing: [Character: Character] = ["[": "]", "(": ")", "{": "}"]

    /// `lines[0]` is the rest of the type line (at diagram line `firstLine`).
    static func flowchart(_ lines: [Substring], firstLine: Int) -> Problem? {
        var subgraphs: [Int] = []
        var quoteOpen: Int?  // a quoted label may span lines (markdown strings)
        var stack: [(Character, Int)] = []  // expected closer, column
        for (k, line) in lines.enumerated() {
            let n = firstLine + k
            let t = line.trimmingSpaces
            if quoteOpen == nil {
                if t.hasPrefix("%%") { continue }
                let word = t.prefix(while: { !$0.isWhitespace && $0 != ";" })
                if word == "subgraph" { subgraphs.append(n) }
                if word == "end" {
                    if subgraphs.popLast() == nil { return Problem(line: n, message: "'end' without an open 'subgraph'") }
                    continue
                }
                if ["classDef", "style", "linkStyle", "class", "click", "accTitle", "accDescr"].contains(where: { word == $0 || word.hasPrefix($0 + ":") }) { continue }
            }
            if quoteOpen == nil { stack = [] }
            var prev: Character = " "
            var idx = line.startIndex
            var col = 0
            while idx < line.endIndex {
                let c = line[idx]
                if quoteOpen != nil {
                    if c == "\"" { quoteOpen = nil }
                } else if c == "\"" {
                    quoteOpen = n
                } else if c == "%", line[idx...].hasPrefix("%%"), stack.isEmpty {
                    break  // comment to the end of the line
                } else if c == "|", stack.isEmpty {
                    // Edge label: skip to the closing pipe.
                    guard let close = line[line.index(after: idx)...].firstIndex(of: "|") else {
                        return Problem(line: n, message: "edge label opened with '|' is not closed")
                    }
                    idx = line.index(after: close)
                    prev = "|"
                    col += 1
                    continue
                } else if let closer = closing[c] {
                    stack.append((closer, col))
                } else if c == ">", stack.isEmpty, prev.isLetter || prev.isNumber || prev == "_" {
                    stack.append(("]", col))  // asymmetric shape A>label]
                } else if c == "]" || c == ")" || c == "}" {
                    guard let top = stack.last else {
                        return Problem(line: n, message: "'\(c)' closes nothing")
                    }
                    if top.0 != c {
                        return Problem(line: n, message: "expected '\(top.0)' but found '\(c)'")
                    }
                    stack.removeLast()
                }
                prev = c
                idx = line.index(after: idx)
                col += 1
            }
            if quoteOpen == nil, let top = stack.last {
                return Problem(line: n, message: "bracket not closed: missing '\(top.0)'")
            }
        }
        if let q = quoteOpen { return Problem(line: q, message: "quote '\"' is not closed") }
        if let s = subgraphs.last { return Problem(line: s, message: "'subgraph' is not closed with 'end'") }
        return nil
    }

    // MARK: sequence

    static let sequenceBlocks: Set<Substring> = ["loop", "alt", "opt", "par", "par_over", "critical", "break", "rect", "box"]

    static func sequence(_ lines: [Substring]) -> Problem? {
        var open: [(Substring, Int)] = []
        for (n, line) in lines.enumerated() {
            let t = line.trimmingSpaces
            if t.hasPrefix("%%") { continue }
            let word = t.prefix(while: { !$0.isWhitespace && $0 != ":" && $0 != ";" })
            if sequenceBlocks.contains(word) {
                open.append((word, n))
            } else if word == "end" {
                if open.popLast() == nil { return Problem(line: n, message: "'end' without an open block (loop, alt, opt, par, critical, break, rect, box)") }
            } else if word == "else" || word == "and" || word == "option" {
                if open.isEmpty { return Problem(line: n, message: "'\(word)' outside a block") }
            }
        }
        if let (w, n) = open.last { return Problem(line: n, message: "'\(w)' is not closed with 'end'") }
        return nil
    }

    // MARK: class and state diagrams

    static func braces(_ lines: [Substring], noteBlocks: Bool) -> Problem? {
        var open: [Int] = []
        var inNote: Int?
        for (n, line) in lines.enumerated() {
            let t = line.trimmingSpaces
            if t.hasPrefix("%%") { continue }
            if let start = inNote {
                if t.hasPrefix("end note") || t == "end" { inNote = nil }
                _ = start
                continue
            }
            if noteBlocks, t.hasPrefix("note "), !t.contains(":") { inNote = n; continue }
            // Structural part: before a ':' label, outside quotes.
            var quoted = false
            for c in t {
                if c == "\"" { quoted.toggle(); continue }
                if quoted { continue }
                if c == ":" { break }
                if c == "{" { open.append(n) }
                if c == "}" {
                    if open.popLast() == nil { return Problem(line: n, message: "'}' closes nothing") }
                }
            }
            if quoted { return Problem(line: n, message: "quote '\"' is not closed") }
        }
        if let start = inNote { return Problem(line: start, message: "note is not closed with 'end note'") }
        if let n = open.last { return Problem(line: n, message: "'{' is not closed with '}'") }
        return nil
    }

    /// ER diagrams use `{` and `}` in cardinalities (`||--o{`); only entity blocks count.
    static func entityBlocks(_ lines: [Substring]) -> Problem? {
        var open: Int?
        for (n, line) in lines.enumerated() {
            let t = line.trimmingSpaces
            if t.hasPrefix("%%") || t.isEmpty { continue }
            if t == "}" {
                if open == nil { return Problem(line: n, message: "'}' closes no entity block") }
                open = nil
            } else if t.hasSuffix("{"), !t.contains("--"), !t.contains("..") {
                if let o = open { return Problem(line: o, message: "entity block '{' is not closed with '}'") }
                open = n
            }
        }
        if let o = open { return Problem(line: o, message: "entity block '{' is not closed with '}'") }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
