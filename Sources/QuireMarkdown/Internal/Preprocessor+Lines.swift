/// Line helpers of the preprocessor: indentation, fences, searching, placeholders.
extension Preprocessor {
    func indentation(_ s: Int, _ e: Int) -> Int {
        var i = s
        while i < e, ASCII.isSpace(b[i]) { i += 1 }
        return i - s
    }

    /// Applies the JSX dedent (content indented inside `<Tabs>` etc. is not code in MDX): a
    /// container's lines lose the indentation of its first content line.
    mutating func dedented(_ s: Int, _ e: Int) -> Int {
        guard !frames.isEmpty else { return s }
        let ind = indentation(s, e)
        if s + ind == e { return s }  // blank
        if frames[frames.count - 1].dedent == nil { frames[frames.count - 1].dedent = ind }
        return s + min(ind, frames[frames.count - 1].dedent!)
    }

    @inline(__always) mutating func newline() { r.text.append(ASCII.newline) }

    func find(_ needle: [UInt8], from: Int, to: Int) -> Int? {
        guard needle.count <= to - from else { return nil }
        var i = from
        while i + needle.count <= to {
            if b[i] == needle[0] {
                var ok = true
                for j in 1..<needle.count where b[i + j] != needle[j] { ok = false; break }
                if ok { return i }
            }
            i += 1
        }
        return nil
    }

    func firstWord(_ s: Int, _ e: Int) -> String {
        var i = s
        while i < e, !ASCII.isSpace(b[i]), b[i] != ASCII.lbrace { i += 1 }
        return String(bytes: b[s..<i])
    }

    func fenceAt(_ s: Int, _ e: Int) -> (char: UInt8, count: Int, infoStart: Int, infoEnd: Int)? {
        var i = s
        while i < e, b[i] == ASCII.space { i += 1 }
        guard i < e, b[i] == ASCII.backtick || b[i] == ASCII.tilde else { return nil }
        let c = b[i], start = i
        while i < e, b[i] == c { i += 1 }
        let n = i - start
        guard n >= 3 else { return nil }
        while i < e, ASCII.isSpace(b[i]) { i += 1 }
        var j = e
        while j > i, ASCII.isSpace(b[j - 1]) { j -= 1 }
        if c == ASCII.backtick, b[i..<j].contains(ASCII.backtick) { return nil }
        return (c, n, i, j)
    }

    mutating func placeholder(_ s: Int, _ t: Int, _ markerIndexes: Range<Int>) {
        guard !markerIndexes.isEmpty else { return }
        r.text.append(contentsOf: b[s..<t])
        for m in markerIndexes {
            r.text.append("<!--quire:" as StaticString)
            r.text.append(String(m))
            r.text.append("-->" as StaticString)
        }
    }

    mutating func addMarker(_ kind: Marker.Kind, line k: Int) {
        r.markers.append(Marker(kind: kind, line: k + 1))
    }
}
