/// Docusaurus's default number-prefix parser: `01-intro` → (`intro`, 1), while date-like
/// (`2021-01-01-x`) and version-like (`4.2-topic`, `v1.0`) names keep their digits.
public enum NumberPrefix {
    public static func parse(_ name: String) -> (name: String, prefix: Int?) {
        let s = Array(name.unicodeScalars)
        func isDigit(_ i: Int) -> Bool { i < s.count && s[i].properties.numericType == .decimal && s[i].isASCII }
        func isSep(_ i: Int) -> Bool { i < s.count && (s[i] == "-" || s[i] == "_" || s[i] == ".") }
        // Ignored patterns: date-like ^(\d{2}|\d{4})[-_.]\d{2}([-_.](\d{2}|\d{4}))?  and
        // version-like ^v?\d+[-_.]\d+([-_.]\d+)?
        var i = 0
        if i < s.count, s[i] == "v" { i += 1 }
        var j = i
        while isDigit(j) { j += 1 }
        if j > i, isSep(j), isDigit(j + 1) { return (name, nil) }  // version-like (covers date-like too)
        // Number prefix: ^(\d+)\s*[-_.]+\s*([^-_.\s].*)$
        var k = 0
        while isDigit(k) { k += 1 }
        guard k > 0 else { return (name, nil) }
        let digits = String(String.UnicodeScalarView(s[0..<k]))
        var m = k
        while m < s.count, s[m].properties.isWhitespace { m += 1 }
        guard isSep(m) else { return (name, nil) }
        while isSep(m) { m += 1 }
        while m < s.count, s[m].properties.isWhitespace { m += 1 }
        guard m < s.count, !isSep(m) else { return (name, nil) }
        return (String(String.UnicodeScalarView(s[m...])), Int(digits))
    }

    /// Strips the prefix of every segment of a `/`-separated path.
    public static func stripPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { parse(String($0)).name }.joined(separator: "/")
    }
}
