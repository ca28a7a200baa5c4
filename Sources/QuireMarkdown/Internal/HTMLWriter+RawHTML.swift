/// Raw HTML from the Markdown (cmark's HTML blocks and inline HTML), made safe: comments
/// dropped, dangerous elements dropped with their content, `on*` attributes and unsafe URLs
/// removed, JSX `className` turned into `class`, components dropped (with a warning).
/// `<!--quire:N-->` comments are the preprocessor's markers and are rendered here.
extension HTMLWriter {
    /// Writes `bytes` and returns their text content (for the plain-text block).
    @discardableResult
    func renderRawHTML(_ bytes: [UInt8], line: Int) -> String {
        let scanner = JSXScanner(bytes)
        var text: [UInt8] = []
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c == ASCII.lt {
                if i + 3 < n, bytes[i + 1] == ASCII.bang, bytes[i + 2] == ASCII.dash, bytes[i + 3] == ASCII.dash {
                    var j = i + 4
                    while j + 2 < n, !(bytes[j] == ASCII.dash && bytes[j + 1] == ASCII.dash && bytes[j + 2] == ASCII.gt) { j += 1 }
                    let body = bytes[(i + 4)..<min(j, n)]
                    if body.starts(with: Array("quire:".utf8)), let idx = Int(String(bytes: body.dropFirst(6))), idx < pre.markers.count {
                        renderMarker(pre.markers[idx])
                    }
                    i = min(j + 3, n)
                    continue
                }
                if i + 1 < n, bytes[i + 1] == ASCII.bang || bytes[i + 1] == 63 {  // <!DOCTYPE>, <![CDATA[, <?pi?>
                    var j = i + 2
                    while j < n, bytes[j] != ASCII.gt { j += 1 }
                    i = min(j + 1, n)
                    continue
                }
                if let (tag, j) = scanner.tag(at: i, limit: n) {
                    writeRawTag(tag, line: line)
                    i = j
                    continue
                }
                if dropping == nil { out.append("&lt;" as StaticString); text.append(c) }
                i += 1
                continue
            }
            var j = i
            while j < n, bytes[j] != ASCII.lt { j += 1 }
            if dropping == nil {
                appendText(bytes[i..<j], mode: .raw)
                text.append(contentsOf: bytes[i..<j])
            }
            i = j
        }
        return String(bytes: text)
    }

    func writeRawTag(_ tag: JSXTag, line: Int) {
        if tag.name.isEmpty { return }
        let lname = tag.name.lowercased()
        if let d = dropping {
            if tag.isClosing && lname == d { dropping = nil }
            return
        }
        if tag.isComponent {
            if !tag.isClosing {
                let msg = tag.isSelfClosing ? "unknown component <\(tag.name) /> left out"
                                            : "unknown component <\(tag.name)> rendered as its children"
                warnings.append(MarkdownWarning(line: line, message: msg))
            }
            return
        }
        if HTMLTags.dropped.contains(lname) {
            if HTMLTags.droppedWithContent.contains(lname) && !tag.isClosing && !tag.isSelfClosing { dropping = lname }
            return
        }
        if tag.isClosing {
            out.append("</" as StaticString); out.append(lname); out.append(ASCII.gt)
            return
        }
        writeOpenTag(tag, line: line)
        if tag.isSelfClosing && !HTMLTags.void.contains(lname) {
            out.append("</" as StaticString); out.append(lname); out.append(ASCII.gt)
        }
    }

    /// `<name attrs>` with only safe attributes; records anchors and links.
    func writeOpenTag(_ tag: JSXTag, line: Int) {
        let lname = tag.name.lowercased()
        out.append(ASCII.lt)
        out.append(lname)
        for (name, value) in tag.attributes {
            let key = name.lowercased()
            if key.hasPrefix("on") || key == "srcdoc" || key == "formaction" { continue }
            let outName: String
            switch name {
            case "className": outName = "class"
            case "htmlFor": outName = "for"
            default: outName = name
            }
            var v: String?
            switch value {
            case .none: v = nil
            case .string(let s): v = s
            case .expression(let e):
                guard let s = JSXScanner.stringLiteral(e) else { continue }
                v = s
            }
            if var s = v {
                if key == "href" || key == "src" || key == "xlink:href" || key == "action" || key == "poster" || key == "background" || key == "data" || key == "cite" {
                    let isImage = key == "src" && (lname == "img" || lname == "source" || lname == "picture")
                    guard URLPolicy.isSafe(s, isImageSource: isImage) else { continue }
                    if key == "href" || key == "src" {
                        let resolved = resolveLink(s) ?? s
                        links.append(Link(original: s, resolved: resolved, line: line))
                        s = resolved
                    }
                } else if key == "srcset" || key == "style" {
                    if s.lowercased().contains("javascript:") || s.lowercased().contains("expression(") { continue }
                }
                if key == "id" || (key == "name" && lname == "a") { extraAnchors.append(s) }
                out.append(ASCII.space)
                out.append(outName)
                out.append("=\"" as StaticString)
                for b in s.utf8 {
                    switch b {
                    case ASCII.quote: out.append("&quot;" as StaticString)
                    case ASCII.lt: out.append("&lt;" as StaticString)
                    case ASCII.gt: out.append("&gt;" as StaticString)
                    default: out.append(b)
                    }
                }
                out.append(ASCII.quote)
            } else {
                out.append(ASCII.space)
                out.append(outName)
            }
        }
        out.append(ASCII.gt)
    }
}
