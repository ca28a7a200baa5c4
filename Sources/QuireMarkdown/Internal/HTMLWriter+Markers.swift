import CCmarkGFM

/// HTML for the Docusaurus constructs the preprocessor found.
extension HTMLWriter {
    func renderMarker(_ m: Marker) {
        let line = m.line + lineOffset
        blockLine = line
        switch m.kind {
        case .admonitionOpen(let type, let title):
            out.append("<div class=\"admonition admonition-" as StaticString)
            out.append(type)
            out.append("\"><p class=\"admonition-title\">" as StaticString)
            let plain: String
            if let t = title {
                plain = renderInlineMarkdown(t)
            } else {
                plain = Admonition.defaultTitle(type)
                out.appendEscaped(plain)
            }
            out.append("</p><div class=\"admonition-content\">\n" as StaticString)
            addBlock(.paragraph, plain, line: line)
        case .admonitionClose:
            out.append("</div></div>\n" as StaticString)
        case .tabsOpen(let groupID, _, let items):
            let selected = defaultTab(m.kind)
            out.append("<div class=\"tabs\"" as StaticString)
            if let g = groupID { out.append(" data-group-id=\"" as StaticString); out.appendEscaped(g); out.append(ASCII.quote) }
            out.append("><div class=\"tabs-list\" role=\"tablist\">" as StaticString)
            for item in items {
                out.append("<button type=\"button\" role=\"tab\" class=\"tab\" aria-selected=\"" as StaticString)
                out.append(item.value == selected ? "true" as StaticString : "false" as StaticString)
                out.append("\" data-value=\"" as StaticString)
                out.appendEscaped(item.value)
                out.append("\">" as StaticString)
                out.appendEscaped(item.label)
                out.append("</button>" as StaticString)
            }
            out.append("</div>\n" as StaticString)
        case .tabsClose:
            out.append("</div>\n" as StaticString)
        case .tabItemOpen(let value, let tabs):
            var hidden = false
            var label = value
            if let t = tabs, t < pre.markers.count, case .tabsOpen(_, _, let items) = pre.markers[t].kind {
                hidden = value != defaultTab(pre.markers[t].kind)
                label = items.first(where: { $0.value == value })?.label ?? value
            }
            out.append("<div class=\"tab-panel\" role=\"tabpanel\" data-value=\"" as StaticString)
            out.appendEscaped(value)
            out.append(hidden ? "\" hidden>\n" as StaticString : "\">\n" as StaticString)
            addBlock(.paragraph, label, line: line)
        case .tabItemClose:
            out.append("</div>\n" as StaticString)
        case .detailsOpen(let tag):
            writeOpenTag(tag, line: line)
            out.append(ASCII.newline)
        case .detailsClose:
            out.append("</details>\n" as StaticString)
        case .summary(let md):
            out.append("<summary>" as StaticString)
            let plain = renderInlineMarkdown(md)
            out.append("</summary>\n" as StaticString)
            addBlock(.paragraph, plain, line: line)
        case .paragraph(let md):
            out.append("<p>" as StaticString)
            let plain = renderInlineMarkdown(md)
            out.append("</p>\n" as StaticString)
            addBlock(.paragraph, plain, line: line)
        case .htmlOpen(let tag):
            writeOpenTag(tag, line: line)
            let lname = tag.name.lowercased()
            if tag.isSelfClosing && !HTMLTags.void.contains(lname) { out.append("</" + lname + ">\n") }
        case .htmlClose(let name):
            out.append("</" as StaticString); out.append(name); out.append(">\n" as StaticString)
        case .mathBlock(let tex):
            out.append("<div class=\"math math-display\">" as StaticString)
            out.appendEscaped(tex)
            out.append("</div>\n" as StaticString)
            addBlock(.math, tex, line: line)
        }
    }

    /// The selected tab: the item marked `default`, else the `defaultValue`, else the first.
    func defaultTab(_ kind: Marker.Kind) -> String? {
        guard case .tabsOpen(_, let defaultValue, let items) = kind else { return nil }
        return items.first(where: { $0.isDefault })?.value ?? defaultValue ?? items.first?.value
    }

    /// Renders a one-line Markdown fragment (a title) inline; returns its plain text.
    func renderInlineMarkdown(_ md: String) -> String {
        let savedLine = blockLine, savedBreaks = breaks
        fixedInlineLine = blockLine
        defer { blockLine = savedLine; breaks = savedBreaks; fixedInlineLine = nil }
        return Cmark.withDocument(Array(md.utf8)) { doc in
            guard checkNesting(doc) else { return "" }
            var plain: [String] = []
            for (i, child) in doc.children.enumerated() {
                if i > 0 { out.append(ASCII.space) }
                if child.type == CMARK_NODE_PARAGRAPH || child.type == CMARK_NODE_HEADING {
                    renderInlines(child)
                } else {
                    appendText(Array(plainText(child).utf8), mode: .html)
                }
                plain.append(plainText(child))
            }
            return plain.joined(separator: " ")
        }
    }
}
