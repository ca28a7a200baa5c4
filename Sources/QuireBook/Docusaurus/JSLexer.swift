import Foundation

/// Tokens of a JavaScript/TypeScript source, enough for object-literal config files:
/// comments are dropped; strings are decoded; template strings keep their literal parts
/// and the source of each `${…}`. Regular-expression literals are not recognised.
struct JSToken: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier
        case string
        case template
        case number
        case punctuator
        case end
    }
    var kind: Kind
    /// Identifier or punctuator text; decoded string value; number text.
    var text: String
    /// Template strings: the literal pieces (one more than `interpolations`).
    var pieces: [String] = []
    /// Template strings: the source of each `${…}`.
    var interpolations: [String] = []
    var line: Int
    /// Byte range in the source.
    var start: Int
    var end: Int

    func isPunct(_ p: String) -> Bool { kind == .punctuator && text == p }
    func isWord(_ w: String) -> Bool { kind == .identifier && text == w }
}

struct JSLexError: Error {
    var message: String
    var line: Int
}

struct JSLexer {
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1

    init(_ source: String) { bytes = Array(source.utf8) }

    static func tokenize(_ source: String) throws -> [JSToken] {
        var lexer = JSLexer(source)
        var out: [JSToken] = []
        while true {
            let t = try lexer.next()
            out.append(t)
            if t.kind == .end { return out }
        }
    }

    private static let punctuators: [String] = [
        "...", "===", "!==", "**=", "??=", "&&=", "||=", ">>>",
        "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "**", "<<", ">>",
        "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "?", ":", "=", ".", "@", "#",
    ].sorted { $0.utf8.count > $1.utf8.count }

    mutating func next() throws -> JSToken {
        try skipSpaceAndComments()
        guard i < bytes.count else { return JSToken(kind: .end, text: "", line: line, start: i, end: i) }
        let start = i
        let startLine = line
        let c = bytes[i]
        if c == 0x22 || c == 0x27 {  // " '
            let s = try readString(quote: c)
            return JSToken(kind: .string, text: s, line: startLine, start: start, end: i)
        }
        if c == 0x60 {  // `
            let (pieces, exprs) = try readTemplate()
            return JSToken(kind: .template, text: pieces.joined(), pieces: pieces, interpolations: exprs, line: startLine, start: start, end: i)
        }
        if isDigit(c) || (c == 0x2E && i + 1 < bytes.count && isDigit(bytes[i + 1])) {
            while i < bytes.count, isDigit(bytes[i]) || isIdentPart(bytes[i]) || bytes[i] == 0x2E { i += 1 }
            return JSToken(kind: .number, text: text(start, i), line: startLine, start: start, end: i)
        }
        if isIdentStart(c) {
            while i < bytes.count, isIdentPart(bytes[i]) { i += 1 }
            return JSToken(kind: .identifier, text: text(start, i), line: startLine, start: start, end: i)
        }
        for p in Self.punctuators {
            let pb = Array(p.utf8)
            if i + pb.count <= bytes.count, Array(bytes[i..<(i + pb.count)]) == pb {
                i += pb.count
                return JSToken(kind: .punctuator, text: p, line: startLine, start: start, end: i)
            }
        }
        throw JSLexError(message: "unexpected character '\(text(i, i + 1))'", line: line)
    }

    func text(_ a: Int, _ b: Int) -> String {
        String(decoding: bytes[a..<min(b, bytes.count)], as: UTF8.self)
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x24 || c >= 0x80
    }
    private func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }

    private mutating func skipSpaceAndComments() throws {
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x0A { line += 1; i += 1; continue }
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C { i += 1; continue }
            if c == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF { i += 3; continue }  // BOM
            if c == 0x2F, i + 1 < bytes.count {
                if bytes[i + 1] == 0x2F {
                    while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                    continue
                }
                if bytes[i + 1] == 0x2A {
                    let startLine = line
                    i += 2
                    while i + 1 < bytes.count, !(bytes[i] == 0x2A && bytes[i + 1] == 0x2F) {
                        if bytes[i] == 0x0A { line += 1 }
                        i += 1
                    }
                    guard i + 1 < bytes.count else { throw JSLexError(message: "comment /* is never closed", line: startLine) }
                    i += 2
                    continue
                }
            }
            if c == 0x23, i == 0, i + 1 < bytes.count, bytes[i + 1] == 0x21 {  // #! line
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                continue
            }
            return
        }
    }

    private mutating func readString(quote: UInt8) throws -> String {
        let startLine = line
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let c = bytes[i]
            if c == quote { i += 1; return String(decoding: out, as: UTF8.self) }
            if c == 0x0A { throw JSLexError(message: "string is not closed on its line", line: startLine) }
            if c == 0x5C { try readEscape(into: &out); continue }
            out.append(c)
            i += 1
        }
        throw JSLexError(message: "string is never closed", line: startLine)
    }

    /// At a backslash: appends the decoded character.
    private mutating func readEscape(into out: inout [UInt8]) throws {
        i += 1
        guard i < bytes.count else { return }
        let e = bytes[i]
        i += 1
        switch e {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "0"): out.append(0)
        case 0x0A: line += 1  // line continuation
        case 0x0D: if i < bytes.count, bytes[i] == 0x0A { i += 1; line += 1 }
        case UInt8(ascii: "x"):
            let hex = text(i, i + 2)
            i += 2
            if let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) { out += Array(String(Character(s)).utf8) }
        case UInt8(ascii: "u"):
            var hex: String
            if i < bytes.count, bytes[i] == 0x7B {
                let close = bytes[i...].firstIndex(of: 0x7D) ?? bytes.count
                hex = text(i + 1, close)
                i = min(close + 1, bytes.count)
            } else {
                hex = text(i, i + 4)
                i += 4
            }
            var v = UInt32(hex, radix: 16) ?? 0xFFFD
            // A surrogate pair written as two \u escapes.
            if v >= 0xD800 && v < 0xDC00, i + 5 < bytes.count, bytes[i] == 0x5C, bytes[i + 1] == UInt8(ascii: "u"),
               let low = UInt32(text(i + 2, i + 6), radix: 16), low >= 0xDC00 && low < 0xE000 {
                v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                i += 6
            }
            out += Array(String(Character(Unicode.Scalar(v) ?? "\u{FFFD}")).utf8)
        default: out.append(e)
        }
    }

    private mutating func readTemplate() throws -> ([String], [String]) {
        let startLine = line
        i += 1
        var pieces: [String] = []
        var exprs: [String] = []
        var cur: [UInt8] = []
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x60 {
                i += 1
                pieces.append(String(decoding: cur, as: UTF8.self))
                return (pieces, exprs)
            }
            if c == 0x5C { try readEscape(into: &cur); continue }
            if c == 0x24, i + 1 < bytes.count, bytes[i + 1] == 0x7B {
                pieces.append(String(decoding: cur, as: UTF8.self))
                cur = []
                i += 2
                let exprStart = i
                var depth = 1
                // Scan to the matching brace with the lexer itself (strings and nested templates inside).
                while depth > 0 {
                    let t = try next()
                    if t.kind == .end { throw JSLexError(message: "template string is never closed", line: startLine) }
                    if t.isPunct("{") { depth += 1 }
                    if t.isPunct("}") { depth -= 1 }
                }
                exprs.append(text(exprStart, i - 1).trimmingCharacters(in: .whitespacesAndNewlines))
                continue
            }
            if c == 0x0A { line += 1 }
            cur.append(c)
            i += 1
        }
        throw JSLexError(message: "template string is never closed", line: startLine)
    }
}
