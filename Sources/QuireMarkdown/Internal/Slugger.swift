/// Heading ids exactly as Docusaurus makes them: github-slugger (lowercase; drop every
/// character that is not a letter, mark, decimal/letter number, connector punctuation,
/// space or `-`; spaces become `-`), de-duplicated with `-1`, `-2`, ...
public struct Slugger: Sendable {
    private var occurrences: [String: Int] = [:]

    public static func slug(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        for sc in value.lowercased().unicodeScalars {
            if sc == " " { out.append("-"); continue }
            if sc == "-" { out.append(sc); continue }
            if sc.isASCII {
                let v = sc.value
                if (v >= 48 && v <= 57) || (v >= 97 && v <= 122) || (v >= 65 && v <= 90) || v == 95 { out.append(sc) }
                continue
            }
            switch sc.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .connectorPunctuation:
                out.append(sc)
            default: break
            }
        }
        return String(out)
    }

    /// The next unique slug for `value` (github-slugger's `slug()` on a shared instance).
    mutating func slug(_ value: String) -> String {
        let original = Self.slug(value)
        var result = original
        while occurrences[result] != nil {
            occurrences[original, default: 0] += 1
            result = original + "-" + String(occurrences[original]!)
        }
        occurrences[result] = 0
        return result
    }
}

/// `Heading text {#custom-id}` → ("Heading text", "custom-id").
func splitCustomID(_ text: String) -> (text: String, id: String?) {
    let u = Array(text.utf8)
    var e = u.count
    while e > 0, ASCII.isWhite(u[e - 1]) { e -= 1 }
    guard e >= 4, u[e - 1] == ASCII.rbrace, let open = u[..<e].lastIndex(of: ASCII.lbrace),
          open + 1 < e, u[open + 1] == ASCII.hash else { return (text, nil) }
    let id = String(bytes: u[(open + 2)..<(e - 1)])
    guard !id.isEmpty, !id.utf8.contains(where: { ASCII.isWhite($0) }) else { return (text, nil) }
    var s = open
    while s > 0, ASCII.isSpace(u[s - 1]) { s -= 1 }
    return (String(bytes: u[..<s]), id)
}
