import CCmarkGFM

extension HTMLWriter {
    func renderInlines(_ node: CmarkNode) {
        var c = node.firstChild
        while let n = c { renderInline(n); c = n.next }
    }

    /// File line of an inline node: its own position when cmark has one, else the block's
    /// line plus the line breaks seen so far.
    func inlineLine(_ node: CmarkNode) -> Int {
        if let f = fixedInlineLine { return f }
        let l = node.line
        return l > 0 ? l + lineOffset : blockLine + breaks
    }

    func renderInline(_ node: CmarkNode) {
        let type = node.type
        if dropping != nil && type != CMARK_NODE_HTML_INLINE {
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK { breaks += 1 }
            return
        }
        switch type {
        case CMARK_NODE_TEXT:
            appendText(node.literalBytes, mode: .html)
        case CMARK_NODE_SOFTBREAK:
            breaks += 1
            out.append(ASCII.newline)
        case CMARK_NODE_LINEBREAK:
            breaks += 1
            out.append("<br>\n" as StaticString)
        case CMARK_NODE_CODE:
            out.append("<code>" as StaticString)
            appendText(node.literalBytes, mode: .code)
            out.append("</code>" as StaticString)
        case CMARK_NODE_HTML_INLINE:
            _ = renderRawHTML(Array(node.literalBytes), line: inlineLine(node))
        case CMARK_NODE_EMPH:
            out.append("<em>" as StaticString); renderInlines(node); out.append("</em>" as StaticString)
        case CMARK_NODE_STRONG:
            out.append("<strong>" as StaticString); renderInlines(node); out.append("</strong>" as StaticString)
        case CMARK_NODE_LINK:
            let href = resolvedURL(node.url, line: inlineLine(node), isImage: false)
            out.append("<a" as StaticString)
            if let h = href { out.append(" href=\"" as StaticString); URLPolicy.appendHref(h, to: &out); out.append(ASCII.quote) }
            let title = node.title
            if !title.isEmpty { out.append(" title=\"" as StaticString); out.appendEscaped(title); out.append(ASCII.quote) }
            out.append(">" as StaticString)
            renderInlines(node)
            out.append("</a>" as StaticString)
        case CMARK_NODE_IMAGE:
            let src = resolvedURL(node.url, line: inlineLine(node), isImage: true)
            out.append("<img" as StaticString)
            if let s = src { out.append(" src=\"" as StaticString); URLPolicy.appendHref(s, to: &out); out.append(ASCII.quote) }
            out.append(" alt=\"" as StaticString)
            out.appendEscaped(plainText(node))
            out.append(ASCII.quote)
            let title = node.title
            if !title.isEmpty { out.append(" title=\"" as StaticString); out.appendEscaped(title); out.append(ASCII.quote) }
            out.append(">" as StaticString)
        default:
            if node.typeString == "strikethrough" {
                out.append("<del>" as StaticString); renderInlines(node); out.append("</del>" as StaticString)
            } else {
                renderInlines(node)
            }
        }
    }

    /// Resolves and records a link; nil when the URL is unsafe (the attribute is left out).
    func resolvedURL(_ url: String, line: Int, isImage: Bool) -> String? {
        guard URLPolicy.isSafe(url, isImageSource: isImage) else { return nil }
        let resolved = resolveLink(url) ?? url
        links.append(Link(original: url, resolved: resolved, line: line))
        return resolved
    }

    enum TextMode { case html, code, raw, plain, delimited }

    /// Appends text, expanding inline-math placeholders: as KaTeX spans (`html`, `raw`), as
    /// written (`code`), as TeX (`plain`), or as TeX between `$` (`delimited`: block text for
    /// the index, so snippets and answers can draw it). `raw` is HTML already and is not escaped;
    /// `plain` and `delimited` are text.
    func appendText<C: Collection>(_ bytes: C, mode: TextMode) where C.Element == UInt8, C.Index == Int {
        var i = bytes.startIndex
        let end = bytes.endIndex
        var runStart = i
        func flush(_ to: Int) {
            guard to > runStart else { return }
            if mode == .raw || mode == .plain || mode == .delimited { out.append(contentsOf: bytes[runStart..<to]) } else { out.appendEscaped(bytes[runStart..<to]) }
        }
        while i < end {
            if bytes[i] == 0xEE, i + 2 < end, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 {
                var j = i + 3
                var idx = 0
                while j < end, ASCII.isDigit(bytes[j]) { idx = idx &* 10 &+ Int(bytes[j] - ASCII.zero); j += 1 }
                if j + 2 < end, bytes[j] == 0xEE, bytes[j + 1] == 0x80, bytes[j + 2] == 0x81, idx < pre.math.count {
                    flush(i)
                    let m = pre.math[idx]
                    switch mode {
                    case .code: out.appendEscaped(m.original)
                    case .plain: out.append(m.tex)
                    case .delimited:
                        let tex = m.tex.trimmingWhitespace
                        out.append(UInt8(ascii: "$")); out.append(tex); out.append(UInt8(ascii: "$"))
                    case .html, .raw:
                        out.append("<span class=\"math math-inline\">" as StaticString)
                        out.appendEscaped(m.tex)
                        out.append("</span>" as StaticString)
                    }
                    i = j + 3
                    runStart = i
                    continue
                }
            }
            i += 1
        }
        flush(end)
    }

    /// Plain text of a node: text and code, math as TeX (`math: .delimited`: between `$`),
    /// image alt text, no HTML.
    func plainText(_ node: CmarkNode, math: TextMode = .plain) -> String {
        let saved = out
        out = []
        collectPlain(node, math)
        let s = String(bytes: out)
        out = saved
        return s
    }

    private func collectPlain(_ node: CmarkNode, _ math: TextMode) {
        switch node.type {
        case CMARK_NODE_TEXT:
            appendText(node.literalBytes, mode: math)
        case CMARK_NODE_CODE:
            appendText(node.literalBytes, mode: .plain)
        case CMARK_NODE_CODE_BLOCK:
            // A mermaid diagram inside a list or quote: its source is not text to read or cite.
            if CodeMeta(node.fenceInfo).language == "mermaid" {
                out.append("[diagram]" as StaticString)
            } else {
                appendText(node.literalBytes, mode: .plain)
            }
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            out.append(ASCII.space)
        case CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK:
            break
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_ITEM, CMARK_NODE_LIST, CMARK_NODE_BLOCK_QUOTE:
            var first = true
            var c = node.firstChild
            let blocky = node.type != CMARK_NODE_PARAGRAPH && node.type != CMARK_NODE_HEADING
            while let n = c {
                if blocky && !first { out.append(ASCII.newline) }
                collectPlain(n, math); first = false; c = n.next
            }
        default:
            var c = node.firstChild
            var first = true
            let isRow = node.typeString == "table_row"
            while let n = c {
                if isRow && !first { out.append(" | " as StaticString) }
                collectPlain(n, math); first = false; c = n.next
            }
        }
    }
}
