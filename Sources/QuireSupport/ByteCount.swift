/// Sizes in messages: exact enough that a file just over a limit never reads as equal to it
/// ("5.8 MB (6,120,020 bytes); the limit is 5 MB (5,242,880 bytes)").
public enum ByteCount {
    public static func describe(_ bytes: Int) -> String {
        let exact = grouped(bytes) + (bytes == 1 ? " byte" : " bytes")
        guard bytes >= 1024 else { return exact }
        let (value, unit) = bytes >= 1024 * 1024 ? (Double(bytes) / 1048576, "MB") : (Double(bytes) / 1024, "KB")
        // One decimal, rounded down so a size just over a limit does not print as the limit.
        let tenths = Int((value * 10).rounded(.down))
        let shown = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
        return "\(shown) \(unit) (\(exact))"
    }

    /// 6120020 → "6,120,020".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }
}
