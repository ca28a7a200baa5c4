/// Which URLs may reach the page, and how they are written into an attribute.
enum URLPolicy {
    /// False for `javascript:`, `vbscript:`, `file:` and `data:` URLs (except raster images
    /// in `src`), however they are disguised with case, whitespace or character references.
    static func isSafe(_ url: String, isImageSource: Bool) -> Bool {
        var scheme: [UInt8] = []
        var u = Array(url.utf8)[...]
        while let c = u.first {
            if c == ASCII.amp, let semi = u.prefix(12).firstIndex(of: 59) {
                let ent = String(bytes: u[(u.startIndex + 1)..<semi]).lowercased()
                var decoded: UInt32?
                if ent.hasPrefix("#x") { decoded = UInt32(ent.dropFirst(2), radix: 16) }
                else if ent.hasPrefix("#") { decoded = UInt32(ent.dropFirst(1)) }
                else if ent == "colon" { decoded = 58 } else if ent == "tab" || ent == "newline" { decoded = 9 }
                u = u[(semi + 1)...]
                if let d = decoded, d < 128 { if d > 32 { scheme.append(UInt8(d)) } } else { return true }
            } else {
                u = u.dropFirst()
                if c <= 32 { continue }
                if c == ASCII.colon || c == ASCII.slash || c == 63 || c == ASCII.hash { scheme.append(c); break }
                scheme.append(ASCII.lower(c))
            }
            if scheme.last == ASCII.colon { break }
        }
        guard scheme.last == ASCII.colon else { return true }
        let s = String(bytes: scheme.dropLast())
        switch s {
        case "javascript", "vbscript", "file", "livescript", "mocha": return false
        case "data":
            guard isImageSource else { return false }
            let rest = url.lowercased().drop(while: { $0 != ":" }).dropFirst()
            return rest.hasPrefix("image/png") || rest.hasPrefix("image/gif") || rest.hasPrefix("image/jpeg")
                || rest.hasPrefix("image/webp") || rest.hasPrefix("image/avif")
        default: return true
        }
    }

    /// Writes a URL for an `href`/`src` attribute: percent-encodes what must not appear raw
    /// (as cmark does) and escapes `&` and quotes.
    static func appendHref(_ url: String, to out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        for c in url.utf8 {
            switch c {
            case ASCII.amp: out.append("&amp;" as StaticString)
            case ASCII.apos: out.append("&#x27;" as StaticString)
            case 0...32, 127...255, ASCII.quote, ASCII.lt, ASCII.gt, ASCII.backslash, 94, ASCII.backtick, ASCII.lbrace, 124, ASCII.rbrace:
                out.append(37); out.append(hex[Int(c >> 4)]); out.append(hex[Int(c & 15)])
            default: out.append(c)
            }
        }
    }
}
