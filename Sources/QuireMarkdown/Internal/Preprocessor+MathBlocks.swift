/// `$$ … $$` blocks, on one line or several.
extension Preprocessor {
    mutating func mathBlock(_ line: Line) -> Int? {
        guard line.text + 1 < line.end, b[line.text + 1] == ASCII.dollar else { return nil }
        var rest = line.text + 2
        while rest < line.end, ASCII.isSpace(b[rest]) { rest += 1 }
        var te = line.end
        while te > rest, ASCII.isSpace(b[te - 1]) { te -= 1 }
        var tex: [UInt8] = []
        var last = line.index
        if te - rest >= 2, b[te - 1] == ASCII.dollar, b[te - 2] == ASCII.dollar {
            tex.append(contentsOf: b[rest..<(te - 2)])
        } else {
            if rest < te { tex.append(contentsOf: b[rest..<te]); tex.append(ASCII.newline) }
            var m = line.index + 1
            var closed = false
            while m < lineCount {
                let ls = lineStarts[m], le = lineEnd(m)
                var x = le
                while x > ls, ASCII.isSpace(b[x - 1]) { x -= 1 }
                if x - ls >= 2, b[x - 1] == ASCII.dollar, b[x - 2] == ASCII.dollar {
                    var y = ls
                    while y < x - 2, ASCII.isSpace(b[y]) { y += 1 }
                    tex.append(contentsOf: b[y..<(x - 2)])
                    closed = true
                    break
                }
                tex.append(contentsOf: b[ls..<le]); tex.append(ASCII.newline)
                m += 1
            }
            guard closed else { return nil }
            last = m
        }
        let first = r.markers.count
        addMarker(.mathBlock(String(bytes: tex).trimmingWhitespace), line: line.index)
        r.usesMath = true
        placeholder(line.start, line.text, first..<r.markers.count)
        newline()
        for _ in line.index..<last { newline() }
        return last
    }
}
