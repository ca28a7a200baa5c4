import CCmarkGFM

extension HTMLWriter {
    /// `<div class="code-block">[<div class="code-title">…</div>]<pre[ class="line-numbers"]>
    /// <code[ class="language-x"]>` with one `<span class="line[ highlighted]">` per line;
    /// mermaid as `<pre class="mermaid">`.
    func renderCodeBlock(_ node: OpaquePointer) {
        let line = blockLine
        let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
        let meta = CodeMeta(info)
        let code = node.literalBytes
        if meta.language == "mermaid" {
            usesMermaid = true
            out.append("<pre class=\"mermaid\">" as StaticString)
            appendText(code, mode: .code)
            out.append("</pre>\n" as StaticString)
            addBlock(.code, String(bytes: code), line: line, language: "mermaid")
            return
        }
        if !meta.language.isEmpty { usesCode = true }

        var lines = String(bytes: code).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var kept: [(Substring, Bool)] = []
        kept.reserveCapacity(lines.count)
        var nextHighlighted = false
        var inRange = 0
        for l in lines {
            if !meta.hasRanges, l.utf8.count >= 12, let magic = MagicComment(l) {
                switch magic {
                case .nextLine: nextHighlighted = true
                case .start: inRange += 1
                case .end: inRange = max(0, inRange - 1)
                }
                continue
            }
            let n = kept.count + 1
            kept.append((l, nextHighlighted || inRange > 0 || meta.isHighlighted(n)))
            nextHighlighted = false
        }

        out.append("<div class=\"code-block\">" as StaticString)
        if let t = meta.title {
            out.append("<div class=\"code-title\">" as StaticString)
            out.appendEscaped(t)
            out.append("</div>" as StaticString)
        }
        out.append(meta.showLineNumbers ? "<pre class=\"line-numbers\"" as StaticString : "<pre" as StaticString)
        if meta.showLineNumbers && meta.startLine != 1 { out.append(" data-start=\"\(meta.startLine)\"") }
        out.append("><code" as StaticString)
        if !meta.language.isEmpty {
            out.append(" class=\"language-" as StaticString)
            out.appendEscaped(meta.language)
            out.append(ASCII.quote)
        }
        out.append(ASCII.gt)
        var plain: [String] = []
        for (l, highlighted) in kept {
            out.append(highlighted ? "<span class=\"line highlighted\">" as StaticString : "<span class=\"line\">" as StaticString)
            appendText(Array(l.utf8), mode: .code)
            out.append("\n</span>" as StaticString)
            plain.append(String(l))
        }
        out.append("</code></pre></div>\n" as StaticString)
        addBlock(.code, plain.joined(separator: "\n"), line: line, language: meta.language.isEmpty ? nil : meta.language)
    }
}
