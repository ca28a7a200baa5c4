import CCmarkGFM

extension HTMLWriter {
    /// `<div class="code-block">[<div class="code-title">…</div>]<pre[ class="line-numbers"]>
    /// <code[ class="language-x"]>` with one `<span class="line[ highlighted]">` per line;
    /// mermaid as `<pre class="mermaid">`.
    func renderCodeBlock(_ node: CmarkNode) {
        let line = blockLine
        let info = node.fenceInfo
        let meta = CodeMeta(info)
        let code = node.literalBytes
        if meta.language == "mermaid" {
            usesMermaid = true
            if let p = MermaidSyntax.check(String(bytes: code)) {
                warnings.append(MarkdownWarning(line: line + 1 + p.line, message: "mermaid diagram: \(p.message)"))
            }
            out.append("<pre class=\"mermaid\">" as StaticString)
            appendText(code, mode: .code)
            out.append("</pre>\n" as StaticString)
            addBlock(.code, String(bytes: code), line: line, language: "mermaid")
            return
        }
        if !meta.language.isEmpty { usesCode = true }

        // Lines as byte ranges of `code` (a Character split is slow on big code blocks);
        // text with CR bytes keeps the Character split, where "\r\n" is one Character.
        var lines: [Range<Int>] = []
        let hasCR = code.contains(ASCII.cr)
        var crLines: [Substring] = []
        if hasCR {
            crLines = String(bytes: code).split(separator: "\n", omittingEmptySubsequences: false)
            if crLines.last?.isEmpty == true { crLines.removeLast() }
        } else {
            var start = 0
            for (i, b) in code.enumerated() where b == ASCII.newline {
                lines.append(start..<i)
                start = i + 1
            }
            lines.append(start..<code.count)
            if lines.last?.isEmpty == true { lines.removeLast() }
        }
        let lineCount = hasCR ? crLines.count : lines.count
        var kept: [(bytes: [UInt8], highlighted: Bool)] = []
        kept.reserveCapacity(lineCount)
        var nextHighlighted = false
        var inRange = 0
        for k in 0..<lineCount {
            let bytes = hasCR ? Array(crLines[k].utf8) : Array(code[lines[k]])
            if !meta.hasRanges, bytes.count >= 12, Self.containsHighlightWord(bytes),
               let magic = MagicComment(hasCR ? crLines[k] : Substring(String(bytes: bytes))) {
                switch magic {
                case .nextLine: nextHighlighted = true
                case .start: inRange += 1
                case .end: inRange = max(0, inRange - 1)
                }
                continue
            }
            let n = kept.count + 1
            kept.append((bytes, nextHighlighted || inRange > 0 || meta.isHighlighted(n)))
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
        var plain: [UInt8] = []
        plain.reserveCapacity(code.count)
        for (k, (l, highlighted)) in kept.enumerated() {
            out.append(highlighted ? "<span class=\"line highlighted\">" as StaticString : "<span class=\"line\">" as StaticString)
            appendText(l, mode: .code)
            out.append("\n</span>" as StaticString)
            if k > 0 { plain.append(ASCII.newline) }
            plain.append(contentsOf: l)
        }
        out.append("</code></pre></div>\n" as StaticString)
        if containerDepth == 0 {
            addBlock(.code, String(bytes: plain), line: line, language: meta.language.isEmpty ? nil : meta.language)
        }
    }

    /// Whether `bytes` contain `highlight-` (the cheap test before parsing a magic comment).
    static func containsHighlightWord(_ bytes: [UInt8]) -> Bool {
        let word: [UInt8] = Array("highlight-".utf8)
        guard bytes.count >= word.count else { return false }
        var i = 0
        let last = bytes.count - word.count
        while i <= last {
            if bytes[i] == 0x68 {  // h
                var k = 1
                while k < word.count && bytes[i + k] == word[k] { k += 1 }
                if k == word.count { return true }
            }
            i += 1
        }
        return false
    }
}
