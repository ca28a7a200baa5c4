import CCmarkGFM

/// Walks a cmark-gfm document and writes the page HTML, collecting headings, links, anchors,
/// plain-text blocks and warnings. One writer per render call.
final class HTMLWriter {
    var out: [UInt8] = []
    var headings: [Heading] = []
    var links: [Link] = []
    var extraAnchors: [String] = []
    var blocks: [Block] = []
    var warnings: [MarkdownWarning] = []
    var errors: [MarkdownWarning] = []
    var usesCode = false
    var usesMermaid = false

    let pre: Preprocessed
    let lineOffset: Int
    let resolveLink: LinkResolver
    var slugger = Slugger()
    /// > 0 inside lists and quotes: their text goes into one block for the whole container.
    var containerDepth = 0
    var tight: [Bool] = []
    var currentHeading: (level: Int, id: String?) = (0, nil)
    /// The element whose content is being dropped (`script`, `style`, ...).
    var dropping: String?
    /// Line of the block being written (file line) and soft breaks seen in it, for inline positions.
    var blockLine = 0
    var breaks = 0
    /// Set while rendering a title parsed on its own (its cmark lines are not file lines).
    var fixedInlineLine: Int?

    init(pre: Preprocessed, lineOffset: Int, resolveLink: @escaping LinkResolver) {
        self.pre = pre
        self.lineOffset = lineOffset
        self.resolveLink = resolveLink
        out.reserveCapacity(pre.text.count + pre.text.count / 2)
    }

    func fileLine(_ node: CmarkNode) -> Int { max(node.line, 1) + lineOffset }

    func addBlock(_ kind: Block.Kind, _ text: String, line: Int, language: String? = nil) {
        guard containerDepth == 0 else { return }
        let t = text.trimmingWhitespace
        guard !t.isEmpty else { return }
        blocks.append(Block(kind: kind, text: t, headingLevel: currentHeading.level, headingID: currentHeading.id,
                            language: language, line: line))
    }

    /// False (and an error recorded) when `doc` nests deeper than the writer may recurse.
    func checkNesting(_ doc: CmarkNode) -> Bool {
        guard let deep = Cmark.firstNode(deeperThan: MarkdownRenderer.maxNesting, in: doc) else { return true }
        var n: CmarkNode? = deep
        while let x = n, x.line <= 0 { n = x.parent }
        let line = fixedInlineLine ?? n.map(fileLine) ?? lineOffset + 1
        errors.append(MarkdownWarning(line: line, message: "Markdown nested more than \(MarkdownRenderer.maxNesting) levels deep (lists, quotes, emphasis or links inside each other); flatten it"))
        return false
    }

    // MARK: - Blocks

    func renderChildren(_ node: CmarkNode) {
        var c = node.firstChild
        while let n = c { renderBlock(n); c = n.next }
    }

    func renderBlock(_ node: CmarkNode) {
        blockLine = fileLine(node)
        breaks = 0
        defer { dropping = nil }
        switch node.type {
        case CMARK_NODE_DOCUMENT:
            renderChildren(node)
        case CMARK_NODE_PARAGRAPH:
            let inTight = tight.last == true && node.parent?.type == CMARK_NODE_ITEM
            if !inTight { out.append("<p>" as StaticString) }
            renderInlines(node)
            out.append(inTight ? "\n" as StaticString : "</p>\n" as StaticString)
            addBlock(.paragraph, plainText(node, math: .delimited), line: blockLine)
        case CMARK_NODE_HEADING:
            renderHeading(node)
        case CMARK_NODE_BLOCK_QUOTE:
            let line = blockLine
            out.append("<blockquote>\n" as StaticString)
            containerDepth += 1; tight.append(false)
            renderChildren(node)
            containerDepth -= 1; tight.removeLast()
            out.append("</blockquote>\n" as StaticString)
            addBlock(.quote, node.children.map { plainText($0, math: .delimited) }.joined(separator: "\n"), line: line)
        case CMARK_NODE_LIST:
            renderList(node)
        case CMARK_NODE_ITEM:
            renderItem(node)
        case CMARK_NODE_CODE_BLOCK:
            renderCodeBlock(node)
        case CMARK_NODE_HTML_BLOCK:
            let bytes = Array(node.literalBytes)
            let start = blocks.count
            let text = renderRawHTML(bytes, line: blockLine)
            if out.count >= 2 && out[out.count - 1] == ASCII.newline && out[out.count - 2] == ASCII.newline { out.removeLast() }
            if blocks.count == start { addBlock(.other, text, line: blockLine) }
        case CMARK_NODE_THEMATIC_BREAK:
            out.append("<hr>\n" as StaticString)
        default:
            switch node.typeString {
            case "table": renderTable(node)
            default: renderChildren(node)
            }
        }
    }

    func renderHeading(_ node: CmarkNode) {
        let level = node.headingLevel
        let full = plainText(node)
        let (text, custom) = splitCustomID(full)
        if custom != nil {
            var last = node.firstChild
            while let n = last?.next { last = n }
            if let l = last, l.type == CMARK_NODE_TEXT {
                let stripped = splitCustomID(l.literal).text
                l.setLiteral(stripped)
            }
        }
        let plain = text.trimmingWhitespace
        let id = custom ?? slugger.slug(plain)
        let tag = "h\(level)"
        out.append("<" + tag + " id=\"")
        out.appendEscaped(id)
        out.append("\">" as StaticString)
        renderInlines(node)
        out.append("<a class=\"hash-link\" href=\"#" as StaticString)
        out.appendEscaped(id)
        out.append("\" aria-label=\"Direct link to " as StaticString)
        out.appendEscaped(plain)
        out.append("\">#</a></" + tag + ">\n")
        headings.append(Heading(level: level, text: plain, id: id, line: blockLine))
        if containerDepth == 0 { currentHeading = (level, id) }
        addBlock(.heading, plain, line: blockLine)
    }

    func renderList(_ node: CmarkNode) {
        let line = blockLine
        let ordered = node.isOrderedList
        if ordered {
            let start = node.listStart
            if start != 1 { out.append("<ol start=\"\(start)\">\n") } else { out.append("<ol>\n" as StaticString) }
        } else {
            out.append("<ul>\n" as StaticString)
        }
        let isTopLevel = containerDepth == 0
        containerDepth += 1
        tight.append(node.isTightList)
        renderChildren(node)
        tight.removeLast()
        containerDepth -= 1
        out.append(ordered ? "</ol>\n" as StaticString : "</ul>\n" as StaticString)
        if isTopLevel { addBlock(.list, listLines(node).joined(separator: "\n"), line: line) }
    }

    func renderItem(_ node: CmarkNode) {
        if node.typeString == "tasklist" {
            let checked = node.isCheckedTask
            out.append("<li class=\"task-list-item\"><input type=\"checkbox\" disabled" as StaticString)
            out.append(checked ? " checked> " as StaticString : "> " as StaticString)
        } else {
            out.append("<li>" as StaticString)
        }
        let first = node.firstChild
        if let f = first, !(tight.last == true && f.type == CMARK_NODE_PARAGRAPH) { out.append(ASCII.newline) }
        renderChildren(node)
        if out.last == ASCII.newline, tight.last == true, node.children.last?.type == CMARK_NODE_PARAGRAPH { out.removeLast() }
        out.append("</li>\n" as StaticString)
    }

    func listLines(_ list: CmarkNode) -> [String] {
        var lines: [String] = []
        for item in list.children {
            var parts: [String] = []
            var nested: [String] = []
            for child in item.children {
                if child.type == CMARK_NODE_LIST { nested += listLines(child) } else { parts.append(plainText(child, math: .delimited)) }
            }
            let t = parts.joined(separator: " ").trimmingWhitespace
            if !t.isEmpty { lines.append(t) }
            lines += nested
        }
        return lines
    }

    func renderTable(_ node: CmarkNode) {
        let line = blockLine
        let columns = node.tableColumns
        let aligns = node.tableAlignments(columns)
        out.append("<table>\n" as StaticString)
        var rows: [String] = []
        var inBody = false
        for row in node.children {
            let header = row.isTableHeaderRow
            if header { out.append("<thead>\n" as StaticString) } else if !inBody { out.append("<tbody>\n" as StaticString); inBody = true }
            out.append("<tr>\n" as StaticString)
            var cells: [String] = []
            for (i, cell) in row.children.enumerated() {
                let tag: StaticString = header ? "th" : "td"
                out.append("<" as StaticString); out.append(tag)
                switch i < aligns.count ? aligns[i] : 0 {
                case UInt8(ascii: "l"): out.append(" style=\"text-align: left\"" as StaticString)
                case UInt8(ascii: "c"): out.append(" style=\"text-align: center\"" as StaticString)
                case UInt8(ascii: "r"): out.append(" style=\"text-align: right\"" as StaticString)
                default: break
                }
                out.append(">" as StaticString)
                renderInlines(cell)
                out.append("</" as StaticString); out.append(tag); out.append(">\n" as StaticString)
                cells.append(plainText(cell, math: .delimited).trimmingWhitespace)
            }
            out.append("</tr>\n" as StaticString)
            if header { out.append("</thead>\n" as StaticString) }
            rows.append(cells.joined(separator: " | "))
        }
        if inBody { out.append("</tbody>\n" as StaticString) }
        out.append("</table>\n" as StaticString)
        addBlock(.table, rows.joined(separator: "\n"), line: line)
    }
}
