/// Text from readers (questions, feedback comments) printed on the author's terminal: control
/// characters are shown as escapes, so ESC sequences cannot recolour, move the cursor or
/// retitle the terminal, NUL cannot truncate, and a newline or carriage return cannot start a
/// line that looks like part of the report. Bidirectional overrides (which can make text read
/// in another order than it is stored) are escaped too.
public enum TerminalText {
    /// - Parameter backslashes: also double `\` (so an escape in the text cannot be mistaken
    ///   for one Quire wrote); off for messages that only need to stay on their line.
    public static func escape(_ s: String, backslashes: Bool = true) -> String {
        if !backslashes && !s.unicodeScalars.contains(where: needsEscape) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x5C where backslashes: out += "\\\\"
            case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
                out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            default:
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    private static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }
}
