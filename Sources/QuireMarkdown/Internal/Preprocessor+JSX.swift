/// JSX lines: tags, `{expressions}`, `<Tabs>`/`<TabItem>`, `<details>`, unknown components.
extension Preprocessor {
    enum JSXItem { case tag(JSXTag), summary(String), paragraph(String) }

    /// A line made only of tags, `{expressions}` and comments (possibly running over several
    /// lines) becomes markers; anything else is left to cmark.
    mutating func jsxLine(_ line: Line) -> Int? {
        let limit = line.index + 400 < lineStarts.count ? lineStarts[line.index + 400] : b.count
        var items: [(JSXItem, Int)] = []
        var i = line.text
        while true {
            while i < b.count, ASCII.isSpace(b[i]) { i += 1 }
            if i >= b.count || b[i] == ASCII.newline || b[i] == ASCII.cr { break }
            let at = i
            if b[i] == ASCII.lt {
                if hasPrefix("<!--", at: i, b.count) {
                    guard let c = find(Array("-->".utf8), from: i + 4, to: limit) else { return nil }
                    i = c + 3
                    continue
                }
                guard let (tag, j) = scanner.tag(at: i, limit: limit) else { return nil }
                let lname = tag.name.lowercased()
                if !tag.isComponent && HTMLTags.dropped.contains(lname) { return nil }
                if lname == "summary" && !tag.isClosing && !tag.isSelfClosing {
                    guard let c = find(Array("</summary>".utf8), from: j, to: limit) else { return nil }
                    items.append((.summary(String(bytes: b[j..<c]).trimmingWhitespace), at))
                    i = c + 10
                    continue
                }
                items.append((.tag(tag), at))
                i = j
            } else if b[i] == ASCII.lbrace {
                guard let j = scanner.expressionEnd(at: i, limit: limit) else { return nil }
                i = j
            } else if case .tag(let open)? = items.last?.0, open.isComponent, !open.isClosing, !open.isSelfClosing {
                // `<TabItem value="a">Some *text*</TabItem>` on one line.
                let lineEnd = lineEnd(lineIndex(containing: i, from: line.index))
                let close = Array("</\(open.name)>".utf8)
                var x = lineEnd
                while x > i, ASCII.isSpace(b[x - 1]) { x -= 1 }
                guard x - close.count >= i, Array(b[(x - close.count)..<x]) == close else { return nil }
                items.append((.paragraph(String(bytes: b[i..<(x - close.count)]).trimmingWhitespace), i))
                var closing = JSXTag(name: open.name)
                closing.isClosing = true
                items.append((.tag(closing), x - close.count))
                i = x
            } else {
                return nil
            }
        }
        let last = lineIndex(containing: min(i, b.count - 1), from: line.index)
        let first = r.markers.count
        for (item, at) in items {
            let itemLine = lineIndex(containing: at, from: line.index)
            switch item {
            case .summary(let text): addMarker(.summary(mathSubstituted(text)), line: itemLine)
            case .paragraph(let text): addMarker(.paragraph(mathSubstituted(text)), line: itemLine)
            case .tag(let tag): handle(tag, line: itemLine)
            }
        }
        placeholder(line.start, line.text, first..<r.markers.count)
        newline()
        for _ in line.index..<last { newline() }
        return last
    }

    mutating func popFrame(_ name: String) {
        if let idx = frames.lastIndex(where: { $0.name == name }) { frames.removeSubrange(idx...) }
    }

    mutating func handle(_ tag: JSXTag, line k: Int) {
        if tag.name.isEmpty { return }  // fragment
        switch tag.name {
        case "Tabs":
            r.usesTabs = true
            if tag.isClosing {
                addMarker(.tabsClose, line: k)
                popFrame("Tabs")
                if !tabsStack.isEmpty { tabsStack.removeLast() }
                return
            }
            var items: [Marker.TabInfo] = []
            if case .expression(let values)? = tag.attribute("values") { items = Self.tabValues(values) }
            tabsStack.append(r.markers.count)
            addMarker(.tabsOpen(groupID: tag.stringAttribute("groupId"), defaultValue: tag.stringAttribute("defaultValue"), items: items), line: k)
            if tag.isSelfClosing { addMarker(.tabsClose, line: k); tabsStack.removeLast() } else { frames.append(Frame(name: "Tabs")) }
        case "TabItem":
            if tag.isClosing { addMarker(.tabItemClose, line: k); popFrame("TabItem"); return }
            let value = tag.stringAttribute("value") ?? ""
            var isDefault = tag.hasAttribute("default")
            if case .expression(let x)? = tag.attribute("default"), x.trimmingWhitespace == "false" { isDefault = false }
            if let ti = tabsStack.last, case .tabsOpen(let g, let d, var items) = r.markers[ti].kind {
                if let existing = items.firstIndex(where: { $0.value == value }) {
                    items[existing].isDefault = items[existing].isDefault || isDefault
                    if let l = tag.stringAttribute("label") { items[existing].label = l }
                } else {
                    items.append(.init(value: value, label: tag.stringAttribute("label") ?? value, isDefault: isDefault))
                }
                r.markers[ti].kind = .tabsOpen(groupID: g, defaultValue: d, items: items)
            }
            addMarker(.tabItemOpen(value: value, tabs: tabsStack.last), line: k)
            if tag.isSelfClosing { addMarker(.tabItemClose, line: k) } else { frames.append(Frame(name: "TabItem")) }
        default:
            if tag.isComponent {
                if tag.isClosing { popFrame(tag.name); return }
                if tag.isSelfClosing {
                    r.warnings.append(MarkdownWarning(line: k + 1, message: "unknown component <\(tag.name) /> left out"))
                } else {
                    r.warnings.append(MarkdownWarning(line: k + 1, message: "unknown component <\(tag.name)> rendered as its children"))
                    frames.append(Frame(name: tag.name))
                }
                return
            }
            let lname = tag.name.lowercased()
            if lname == "details" {
                if tag.isClosing { addMarker(.detailsClose, line: k); popFrame("details") } else {
                    addMarker(.detailsOpen(tag), line: k)
                    if tag.isSelfClosing { addMarker(.detailsClose, line: k) } else { frames.append(Frame(name: "details")) }
                }
                return
            }
            if tag.isClosing {
                if !HTMLTags.void.contains(lname) { addMarker(.htmlClose(lname), line: k) }
                popFrame(tag.name)
                return
            }
            addMarker(.htmlOpen(tag), line: k)
            if HTMLTags.void.contains(lname) { return }
            if tag.isSelfClosing { addMarker(.htmlClose(lname), line: k) } else { frames.append(Frame(name: tag.name)) }
        }
    }

    /// `values={[{label: 'Apple', value: 'apple'}, ...]}` (Docusaurus v1/v2 style).
    static func tabValues(_ e: String) -> [Marker.TabInfo] {
        var out: [Marker.TabInfo] = []
        for obj in e.split(separator: "{").dropFirst() {
            let body = obj.split(separator: "}").first.map(String.init) ?? ""
            func field(_ key: String) -> String? {
                guard let r = body.firstRange(of: key) else { return nil }
                let after = body[r.upperBound...].drop(while: { $0 == " " || $0 == ":" })
                guard let q = after.first, q == "'" || q == "\"" || q == "`" else { return nil }
                return String(after.dropFirst().prefix(while: { $0 != q }))
            }
            if let v = field("value") { out.append(.init(value: v, label: field("label") ?? v, isDefault: false)) }
        }
        return out
    }
}
