/// github-slugger's slug of a category label (for `/category/<slug>` generated index URLs).
enum CategorySlug {
    static func make(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased().unicodeScalars {
            if ch == " " { out += "-"; continue }
            if ch == "-" || ch == "_" { out.unicodeScalars.append(ch); continue }
            let p = ch.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark { out.unicodeScalars.append(ch) }
        }
        return out
    }
}
