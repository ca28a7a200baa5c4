import Foundation
import QuireSupport

/// Reads the value a JavaScript/TypeScript config file exports (`module.exports = …`,
/// `export default …`, `const x = …; export default x`) without running it.
///
/// It evaluates literals (objects, arrays, strings with single/double quotes, template strings,
/// numbers, booleans), comments and trailing commas, `import`/`require` (kept as module names),
/// `require.resolve('./x')` (the path), TypeScript annotations (`: T`, `as T`, `satisfies T`,
/// type and interface declarations), names bound by `const`/`let`/`var`, spreads of known values,
/// `process.env.X` (NODE_ENV is `production`, as for `docusaurus build`; other names from the
/// environment), `?:`, `||`, `??`, `&&`, `===`, `!`, `+` on known values, and
/// `new Date().getFullYear()`. Anything else (functions, calls, computed values) becomes
/// `.unreadable` with its line, so a caller can say what was skipped and use the rest.
public struct JSLiteralReader {
    public struct Result: Sendable {
        /// The exported value.
        public var value: JSNode
        /// Statements and spreads that were not applied, with their lines.
        public var skipped: [(line: Int, message: String)]
    }

    public static func read(_ source: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Result {
        let tokens: [JSToken]
        do {
            tokens = try JSLexer.tokenize(source)
        } catch let e as JSLexError {
            throw QuireError(.config, "cannot read this JavaScript: \(e.message)", file: file, line: e.line)
        }
        var parser = JSParser(tokens: tokens, source: Array(source.utf8), environment: environment)
        parser.parseProgram()
        guard let value = parser.exported else {
            throw QuireError(.config, "the file exports no value (expected `module.exports = {…}` or `export default {…}`)", file: file)
        }
        return Result(value: value, skipped: parser.skipped)
    }
}

struct JSParser {
    let tokens: [JSToken]
    let source: [UInt8]
    let environment: [String: String]
    var pos = 0
    var bindings: [String: JSNode] = [:]
    var exported: JSNode?
    var skipped: [(line: Int, message: String)] = []

    init(tokens: [JSToken], source: [UInt8], environment: [String: String]) {
        self.tokens = tokens; self.source = source; self.environment = environment
    }

    // MARK: - Tokens

    var tok: JSToken { tokens[pos] }
    func peek(_ k: Int = 1) -> JSToken { tokens[min(pos + k, tokens.count - 1)] }
    var atEnd: Bool { tok.kind == .end }
    mutating func advance() { if pos < tokens.count - 1 { pos += 1 } }
    mutating func eat(_ p: String) -> Bool {
        if tok.isPunct(p) { advance(); return true }
        return false
    }
    mutating func eatWord(_ w: String) -> Bool {
        if tok.isWord(w) { advance(); return true }
        return false
    }

    /// Source text from token `a` through the token before `pos`, on one line, shortened.
    func text(from a: Int) -> String {
        let start = tokens[a].start
        let end = pos > a ? tokens[pos - 1].end : tokens[a].end
        var s = String(decoding: source[start..<max(start, end)], as: UTF8.self)
        s = s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return s.count > 60 ? String(s.prefix(57)) + "…" : s
    }

    func unreadable(_ what: String, from a: Int) -> JSNode {
        JSNode(.unreadable(what: what, text: text(from: a)), line: tokens[a].line)
    }

    private static let openers: Set<String> = ["(", "[", "{"]
    private static let closers: Set<String> = [")", "]", "}"]

    /// At an opener: skips to after its matching closer.
    mutating func skipGroup() {
        var depth = 0
        repeat {
            if tok.kind == .punctuator {
                if Self.openers.contains(tok.text) { depth += 1 } else if Self.closers.contains(tok.text) { depth -= 1 }
            }
            advance()
        } while depth > 0 && !atEnd
    }

    /// Skips to the next `,` `;` or closer at this depth (not consumed).
    mutating func skipToStop() {
        while !atEnd {
            if tok.kind == .punctuator {
                if Self.closers.contains(tok.text) || tok.text == "," || tok.text == ";" { return }
                if Self.openers.contains(tok.text) { skipGroup(); continue }
            }
            advance()
        }
    }

    /// Skips a statement: to `;` at depth 0, or to a statement keyword starting a later line.
    mutating func skipStatement() {
        let startLine = tok.line
        var first = true
        while !atEnd {
            if tok.isPunct(";") { advance(); return }
            if !first, tok.line > startLine, tok.kind == .identifier,
               ["const", "let", "var", "export", "module", "import", "function", "async", "type", "interface", "declare"].contains(tok.text),
               !(peek(-1).kind == .punctuator && [".", "=", ":", "?", "||", "&&", "??", "+", ","].contains(peek(-1).text)) {
                return
            }
            if tok.kind == .punctuator, Self.openers.contains(tok.text) { skipGroup(); first = false; continue }
            if tok.kind == .punctuator, Self.closers.contains(tok.text) { advance(); return }
            advance()
            first = false
        }
    }

    // MARK: - Statements

    mutating func parseProgram() {
        while !atEnd {
            let before = pos
            parseStatement()
            if pos == before { advance() }  // always make progress
        }
    }

    mutating func parseStatement() {
        if eat(";") { return }
        let t = tok
        if t.kind == .identifier {
            switch t.text {
            case "import" where !peek().isPunct("(") && !peek().isPunct("."):
                parseImport(); return
            case "export":
                advance()
                if eatWord("default") {
                    exported = parseAssign()
                    _ = eat(";")
                } else if ["const", "let", "var"].contains(tok.text) {
                    parseDeclaration()
                } else {
                    skipStatementNoting(false)
                }
                return
            case "const", "let", "var":
                parseDeclaration(); return
            case "module" where peek().isPunct(".") && peek(2).isWord("exports"):
                let start = pos
                advance(); advance(); advance()
                if eat("=") {
                    exported = parseAssign()
                    _ = eat(";")
                } else {
                    pos = start
                    skipStatementNoting(true)
                }
                return
            case "type" where peek().kind == .identifier, "interface", "declare":
                skipStatementNoting(false); return
            case "function":
                advance()
                let name = tok.kind == .identifier ? tok.text : nil
                pos -= 1
                let v = parseAssign()
                if let name { bindings[name] = v }
                return
            case "async" where peek().isWord("function"):
                advance()
                let name = peek().kind == .identifier ? peek().text : nil
                pos -= 1
                let v = parseAssign()
                if let name { bindings[name] = v }
                return
            default: break
            }
        }
        // An expression statement: evaluated and dropped; assignments are not applied.
        let start = pos
        _ = parseAssign()
        if tok.kind == .punctuator, ["=", "+=", "-=", "||=", "??=", "&&="].contains(tok.text) {
            advance()
            _ = parseAssign()
            skipped.append((tokens[start].line, "assignment `\(text(from: start))` not applied"))
        } else if pos > start, tokens[start].kind == .identifier, bindings[tokens[start].text] != nil {
            skipped.append((tokens[start].line, "statement `\(text(from: start))` not applied"))
        }
        _ = eat(";")
    }

    mutating func skipStatementNoting(_ note: Bool) {
        let start = pos
        skipStatement()
        if note { skipped.append((tokens[start].line, "statement `\(text(from: start))` not applied")) }
    }

    mutating func parseImport() {
        advance()  // import
        var names: [String] = []
        var module: String?
        let isType = tok.isWord("type") && !peek().isPunct(",") && !peek().isWord("from")
        while !atEnd {
            if tok.kind == .string { module = tok.text; advance(); break }
            if tok.isPunct("{") {
                advance()
                while !atEnd && !tok.isPunct("}") {
                    if tok.isWord("type") && peek().kind == .identifier { advance() }
                    if tok.kind == .identifier || tok.kind == .string {
                        var name = tok.text
                        advance()
                        if eatWord("as") { name = tok.text; advance() }
                        names.append(name)
                    } else { advance() }
                    _ = eat(",")
                }
                _ = eat("}")
                continue
            }
            if tok.isPunct("*") { advance(); _ = eatWord("as"); names.append(tok.text); advance(); continue }
            if tok.isWord("from") || tok.isWord("type") { advance(); continue }
            if tok.kind == .identifier { names.append(tok.text); advance(); continue }
            if tok.isPunct(";") { break }
            advance()
        }
        if tok.isWord("with") || tok.isWord("assert") { advance(); if tok.isPunct("{") { skipGroup() } }
        _ = eat(";")
        guard !isType, let module else { return }
        for n in names { bindings[n] = JSNode(.module(module), line: tokens[max(0, pos - 1)].line) }
    }

    mutating func parseDeclaration() {
        advance()  // const / let / var
        repeat {
            if tok.kind == .identifier {
                let name = tok.text
                advance()
                if eat(":") { skipType() }
                if eat("=") {
                    bindings[name] = parseAssign()
                } else {
                    bindings[name] = JSNode(.undefined, line: tok.line)
                }
            } else if tok.isPunct("{") || tok.isPunct("[") {
                let start = pos
                let names = tok.isPunct("{") ? objectPatternNames() : nil
                if names == nil { skipGroup() }
                if eat(":") { skipType() }
                var value = JSNode(.undefined, line: tokens[start].line)
                if eat("=") { value = parseAssign() }
                if let names {
                    // `const {a, b: c} = require('m')` or `= someObject`.
                    for (key, name) in names {
                        switch value.value {
                        case let .module(m): bindings[name] = JSNode(.module(m), line: value.line)
                        case .object: bindings[name] = value[key] ?? JSNode(.undefined, line: value.line)
                        default: bindings[name] = JSNode(.unreadable(what: "a destructured value", text: name), line: value.line)
                        }
                    }
                } else {
                    skipped.append((tokens[start].line, "destructuring `\(text(from: start))` not applied"))
                }
            } else {
                skipStatement()
                return
            }
        } while eat(",")
        _ = eat(";")
    }

    /// `{a, b: c, d = 1}` → [(a, a), (b, c), (d, d)]; nil (nothing consumed) for nested patterns.
    mutating func objectPatternNames() -> [(key: String, name: String)]? {
        let start = pos
        advance()  // {
        var out: [(key: String, name: String)] = []
        while !tok.isPunct("}") {
            guard tok.kind == .identifier || tok.kind == .string else { pos = start; return nil }
            let key = tok.text
            var name = key
            advance()
            if eat(":") {
                guard tok.kind == .identifier else { pos = start; return nil }
                name = tok.text
                advance()
            }
            if eat("=") { skipToStop() }
            out.append((key, name))
            if !eat(",") && !tok.isPunct("}") { pos = start; return nil }
        }
        advance()  // }
        return out
    }

    // MARK: - Types

    /// Skips a TypeScript type (after `:`, `as`, `satisfies`).
    mutating func skipType() {
        repeat {
            while tok.kind == .identifier && ["keyof", "typeof", "readonly", "unique", "infer"].contains(tok.text) { advance() }
            if tok.kind == .punctuator && Self.openers.contains(tok.text) {
                skipGroup()
            } else if tok.isPunct("<") {
                skipAngles()
            } else if [.identifier, .string, .number, .template].contains(tok.kind) {
                advance()
                while tok.isPunct("."), peek().kind == .identifier { advance(); advance() }
            } else {
                return
            }
            if tok.isPunct("<") { skipAngles() }
            while tok.isPunct("["), peek().isPunct("]") { advance(); advance() }
            if eat("=>") { continue }
        } while eat("|") || eat("&")
    }

    mutating func skipAngles() {
        var depth = 0
        repeat {
            if tok.isPunct("<") { depth += 1 } else if tok.isPunct(">") { depth -= 1 } else if tok.isPunct(">>") { depth -= 2 }
            else if tok.kind == .punctuator, Self.openers.contains(tok.text) { skipGroup(); continue }
            advance()
        } while depth > 0 && !atEnd && !tok.isPunct(";")
    }

    // MARK: - Expressions

    mutating func parseAssign() -> JSNode {
        let start = pos
        if isFunctionAhead() {
            skipFunction()
            return unreadable("a function", from: start)
        }
        let cond = parseBinary(0)
        if tok.isPunct("?") {
            advance()
            let a = parseAssign()
            guard eat(":") else { skipToStop(); return unreadable("an expression", from: start) }
            let b = parseAssign()
            switch cond.truthy {
            case true?: return a
            case false?: return b
            case nil: return unreadable("a condition", from: start)
            }
        }
        return cond
    }

    /// `function`, `async …`, `x =>`, `(…) =>`, `class`.
    func isFunctionAhead() -> Bool {
        var k = pos
        if tokens[k].isWord("async"), !tokens[min(k + 1, tokens.count - 1)].isPunct("=>"), !tokens[min(k + 1, tokens.count - 1)].isPunct(":") { k += 1 }
        let t = tokens[k]
        if t.isWord("function") || t.isWord("class") { return true }
        if t.kind == .identifier && tokens[min(k + 1, tokens.count - 1)].isPunct("=>") { return true }
        if t.isPunct("(") {
            var depth = 0
            var j = k
            while j < tokens.count - 1 {
                if tokens[j].kind == .punctuator {
                    if Self.openers.contains(tokens[j].text) { depth += 1 }
                    if Self.closers.contains(tokens[j].text) { depth -= 1; if depth == 0 { break } }
                }
                j += 1
            }
            let after = tokens[min(j + 1, tokens.count - 1)]
            return after.isPunct("=>") || (after.isPunct(":") && tokens[min(j + 2, tokens.count - 1)].kind == .identifier && tokens[min(j + 3, tokens.count - 1)].isPunct("=>"))
        }
        return false
    }

    mutating func skipFunction() {
        _ = eatWord("async")
        if eatWord("class") {
            while !atEnd && !tok.isPunct("{") { advance() }
            skipGroup()
            return
        }
        if eatWord("function") {
            _ = eat("*")
            if tok.kind == .identifier { advance() }
            if tok.isPunct("<") { skipAngles() }
            if tok.isPunct("(") { skipGroup() }
            if eat(":") { skipType() }
            if tok.isPunct("{") { skipGroup() }
            return
        }
        if tok.kind == .identifier { advance() } else if tok.isPunct("(") { skipGroup() }
        if eat(":") { skipType() }
        _ = eat("=>")
        if tok.isPunct("{") { skipGroup() } else { _ = parseAssign() }
    }

    private static let precedence: [String: Int] = [
        "??": 1, "||": 1, "&&": 2, "==": 3, "!=": 3, "===": 3, "!==": 3,
        "<": 4, ">": 4, "<=": 4, ">=": 4, "in": 4, "instanceof": 4,
        "+": 5, "-": 5, "*": 6, "/": 6, "%": 6, "**": 7,
    ]

    mutating func parseBinary(_ minPrec: Int) -> JSNode {
        let start = pos
        var left = parseUnary()
        while true {
            let op = tok.text
            guard tok.kind == .punctuator || tok.isWord("in") || tok.isWord("instanceof"),
                  let prec = Self.precedence[op], prec > minPrec else { break }
            advance()
            let right = parseBinary(prec)
            left = combine(op, left, right, from: start)
        }
        return left
    }

    func combine(_ op: String, _ l: JSNode, _ r: JSNode, from start: Int) -> JSNode {
        let line = l.line
        switch op {
        case "||": if let t = l.truthy { return t ? l : r }
        case "&&": if let t = l.truthy { return t ? r : l }
        case "??":
            switch l.value {
            case .null, .undefined: return r
            case .unreadable: break
            default: return l
            }
        case "===", "==", "!==", "!=":
            if let eq = Self.equal(l.value, r.value) { return JSNode(.bool(op.hasPrefix("=") ? eq : !eq), line: line) }
        case "+":
            switch (l.value, r.value) {
            case let (.number(a), .number(b)): return JSNode(.number(a + b), line: line)
            case let (.string(a), _) where Self.primitiveString(r.value) != nil: return JSNode(.string(a + Self.primitiveString(r.value)!), line: line)
            case let (_, .string(b)) where Self.primitiveString(l.value) != nil: return JSNode(.string(Self.primitiveString(l.value)! + b), line: line)
            default: break
            }
        case "-", "*", "/", "%":
            if case let .number(a) = l.value, case let .number(b) = r.value {
                let v: Double = op == "-" ? a - b : op == "*" ? a * b : op == "/" ? a / b : a.truncatingRemainder(dividingBy: b)
                return JSNode(.number(v), line: line)
            }
        default: break
        }
        return unreadable("an expression", from: start)
    }

    static func equal(_ a: JSValue, _ b: JSValue) -> Bool? {
        switch (a, b) {
        case let (.string(x), .string(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.null, .null), (.undefined, .undefined): return true
        case (.unreadable, _), (_, .unreadable), (.array, _), (.object, _), (.module, _), (_, .array), (_, .object), (_, .module): return nil
        default: return false
        }
    }

    static func primitiveString(_ v: JSValue) -> String? {
        switch v {
        case let .string(s): return s
        case let .number(n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case let .bool(b): return String(b)
        case .null: return "null"
        case .undefined: return "undefined"
        default: return nil
        }
    }

    mutating func parseUnary() -> JSNode {
        let start = pos
        if eat("!") {
            let v = parseUnary()
            if let t = v.truthy { return JSNode(.bool(!t), line: tokens[start].line) }
            return unreadable("an expression", from: start)
        }
        if eat("-") {
            let v = parseUnary()
            if case let .number(n) = v.value { return JSNode(.number(-n), line: tokens[start].line) }
            return unreadable("an expression", from: start)
        }
        if eat("+") { return parseUnary() }
        if tok.isWord("await") || tok.isWord("void") || tok.isWord("typeof") || tok.isWord("delete") || tok.isPunct("~") {
            advance()
            _ = parseUnary()
            return unreadable("an expression", from: start)
        }
        return parsePostfix()
    }

    mutating func parsePostfix() -> JSNode {
        let start = pos
        var v = parsePrimary()
        while true {
            if tok.isPunct(".") || tok.isPunct("?.") {
                let optional = tok.text == "?."
                advance()
                if tok.isPunct("(") || tok.isPunct("[") { if optional { continue } }
                guard tok.kind == .identifier else { skipToStop(); return unreadable("an expression", from: start) }
                let name = tok.text
                advance()
                v = member(v, name, from: start, optional: optional)
            } else if tok.isPunct("[") {
                advance()
                let key = parseAssign()
                _ = eat("]")
                switch (v.value, key.value) {
                case let (.object, .string(k)): v = v[k] ?? JSNode(.undefined, line: v.line)
                case let (.array(a), .number(n)): v = Int(exactly: n).flatMap { a.indices.contains($0) ? a[$0] : nil } ?? JSNode(.undefined, line: v.line)
                default: v = unreadable("a computed value", from: start)
                }
            } else if tok.isPunct("(") {
                skipGroup()
                v = unreadable("a call", from: start)
            } else if tok.isPunct("!") && !peek().isPunct("=") && (peek().kind == .punctuator) {
                advance()  // TypeScript non-null assertion
            } else if tok.isWord("as") || tok.isWord("satisfies") {
                advance()
                if !eatWord("const") { skipType() }
            } else if tok.kind == .template && tokens[pos - 1].end == tok.start {
                advance()  // tagged template
                v = unreadable("a tagged template", from: start)
            } else {
                return v
            }
        }
    }

    func member(_ v: JSNode, _ name: String, from start: Int, optional: Bool) -> JSNode {
        switch v.value {
        case .object: return v[name] ?? JSNode(.undefined, line: v.line)
        case let .array(a) where name == "length": return JSNode(.number(Double(a.count)), line: v.line)
        case let .string(s) where name == "length": return JSNode(.number(Double(s.utf16.count)), line: v.line)
        case .undefined where optional, .null where optional: return JSNode(.undefined, line: v.line)
        case let .module(m): return JSNode(.unreadable(what: "a value from the module '\(m)'", text: text(from: start)), line: tokens[start].line)
        default: return unreadable("an expression", from: start)
        }
    }

    mutating func parsePrimary() -> JSNode {
        let start = pos
        let t = tok
        let line = t.line
        switch t.kind {
        case .end:
            return JSNode(.undefined, line: line)
        case .string:
            advance()
            return JSNode(.string(t.text), line: line)
        case .number:
            advance()
            let s = t.text.replacingOccurrences(of: "_", with: "")
            let n: Double?
            if s.hasPrefix("0x") || s.hasPrefix("0X") { n = UInt64(s.dropFirst(2), radix: 16).map { Double($0) } }
            else if s.hasPrefix("0b") || s.hasPrefix("0B") { n = UInt64(s.dropFirst(2), radix: 2).map { Double($0) } }
            else if s.hasPrefix("0o") || s.hasPrefix("0O") { n = UInt64(s.dropFirst(2), radix: 8).map { Double($0) } }
            else { n = Double(s.hasSuffix("n") ? String(s.dropLast()) : s) }
            return n.map { JSNode(.number($0), line: line) } ?? unreadable("a number", from: start)
        case .template:
            advance()
            return template(t, from: start)
        case .identifier:
            return parseName()
        case .punctuator:
            switch t.text {
            case "{": return parseObject()
            case "[": return parseArray()
            case "(":
                advance()
                var v = parseAssign()
                while eat(",") { v = parseAssign() }  // comma operator: the last value
                if !eat(")") { skipToStop(); _ = eat(")"); return unreadable("an expression", from: start) }
                return v
            default:
                if t.kind == .punctuator && (Self.closers.contains(t.text) || t.text == "," || t.text == ";") {
                    return unreadable("a missing value", from: start)
                }
                advance()
                skipToStop()
                return unreadable("an expression", from: start)
            }
        }
    }

    mutating func template(_ t: JSToken, from start: Int) -> JSNode {
        if t.interpolations.isEmpty { return JSNode(.string(t.text), line: t.line) }
        var out = t.pieces[0]
        for (k, expr) in t.interpolations.enumerated() {
            let compact = expr.filter { !$0.isWhitespace }
            var piece: String?
            if compact == "newDate().getFullYear()" {
                piece = String(Calendar(identifier: .gregorian).component(.year, from: Date()))
            } else if let toks = try? JSLexer.tokenize(expr) {
                var sub = JSParser(tokens: toks, source: Array(expr.utf8), environment: environment)
                sub.bindings = bindings
                let v = sub.parseAssign()
                if sub.atEnd { piece = Self.primitiveString(v.value) }
            }
            guard let piece else {
                return JSNode(.unreadable(what: "a template string with `${\(expr)}`", text: text(from: start)), line: t.line)
            }
            out += piece + t.pieces[k + 1]
        }
        return JSNode(.string(out), line: t.line)
    }

    mutating func parseName() -> JSNode {
        let start = pos
        let t = tok
        let line = t.line
        switch t.text {
        case "true": advance(); return JSNode(.bool(true), line: line)
        case "false": advance(); return JSNode(.bool(false), line: line)
        case "null": advance(); return JSNode(.null, line: line)
        case "undefined": advance(); return JSNode(.undefined, line: line)
        case "new":
            advance()
            if tok.isWord("Date"), peek().isPunct("("), peek(2).isPunct(")"), peek(3).isPunct("."), peek(4).isWord("getFullYear"), peek(5).isPunct("("), peek(6).isPunct(")") {
                for _ in 0..<7 { advance() }
                return JSNode(.number(Double(Calendar(identifier: .gregorian).component(.year, from: Date()))), line: line)
            }
            while tok.kind == .identifier || tok.isPunct(".") { advance() }
            if tok.isPunct("(") { skipGroup() }
            return unreadable("a constructed object", from: start)
        case "require":
            advance()
            if eat("."), tok.isWord("resolve") {
                advance()
                if tok.isPunct("("), peek().kind == .string, peek(2).isPunct(")") {
                    let path = peek().text
                    advance(); advance(); advance()
                    return JSNode(.string(path), line: line)
                }
                if tok.isPunct("(") { skipGroup() }
                return unreadable("a require.resolve call", from: start)
            }
            if tok.isPunct("("), peek().kind == .string, peek(2).isPunct(")") {
                let m = peek().text
                advance(); advance(); advance()
                return JSNode(.module(m), line: line)
            }
            if tok.isPunct("(") { skipGroup() }
            return unreadable("a require call", from: start)
        case "process":
            if peek().isPunct("."), peek(2).isWord("env") {
                advance(); advance(); advance()
                var name: String?
                if tok.isPunct("."), peek().kind == .identifier { name = peek().text; advance(); advance() }
                else if tok.isPunct("["), peek().kind == .string, peek(2).isPunct("]") { name = peek().text; advance(); advance(); advance() }
                guard let name else { return unreadable("the environment", from: start) }
                if name == "NODE_ENV" { return JSNode(.string("production"), line: line) }
                return JSNode(environment[name].map(JSValue.string) ?? .undefined, line: line)
            }
            advance()
            return unreadable("a value from the running process", from: start)
        case "__dirname", "__filename":
            advance()
            return unreadable("a path of the running script", from: start)
        default:
            advance()
            if var bound = bindings[t.text] {
                bound.line = line  // messages point at the use
                return bound
            }
            return JSNode(.unreadable(what: "the name `\(t.text)`, defined nowhere in this file", text: t.text), line: line)
        }
    }

    mutating func parseObject() -> JSNode {
        let line = tok.line
        advance()  // {
        var pairs: [(key: String, value: JSNode)] = []
        while !atEnd && !tok.isPunct("}") {
            let entryStart = pos
            if eat("...") {
                let v = parseAssign()
                switch v.value {
                case let .object(p): pairs += p
                case .null, .undefined: break
                default: skipped.append((v.line, "spread `\(text(from: entryStart))` (\(v.summary)) not applied"))
                }
            } else {
                // Modifiers of methods.
                if (tok.isWord("async") || tok.isWord("get") || tok.isWord("set") || tok.isPunct("*")) && !(peek().isPunct(":") || peek().isPunct(",") || peek().isPunct("}") || peek().isPunct("(")) {
                    advance()
                    _ = eat("*")
                }
                var key: String?
                if tok.kind == .identifier || tok.kind == .string { key = tok.text; advance() }
                else if tok.kind == .number { key = Self.primitiveString(parsePrimary().value) }
                else if tok.isPunct("[") { skipGroup() }
                else { skipToStop() }
                if tok.isPunct("(") || tok.isPunct("<") {  // method
                    if tok.isPunct("<") { skipAngles() }
                    skipGroup()
                    if eat(":") { skipType() }
                    if tok.isPunct("{") { skipGroup() }
                    if let key { pairs.append((key, unreadable("a function", from: entryStart))) }
                } else if eat(":") {
                    let v = parseAssign()
                    if let key { pairs.append((key, v)) } else { skipped.append((tokens[entryStart].line, "computed key `\(text(from: entryStart))` not applied")) }
                } else if let key {
                    let keyTok = tokens[entryStart]
                    pairs.append((key, bindings[key] ?? JSNode(.unreadable(what: "the name `\(key)`, defined nowhere in this file", text: key), line: keyTok.line)))
                }
            }
            if !eat(",") && !tok.isPunct("}") {
                let before = pos
                skipToStop()
                if pos == before && !tok.isPunct("}") && !tok.isPunct(",") { advance() }
                if tok.kind == .punctuator && [")", "]", ";"].contains(tok.text) { advance() }
                _ = eat(",")
            }
        }
        _ = eat("}")
        return JSNode(.object(pairs), line: line)
    }

    mutating func parseArray() -> JSNode {
        let line = tok.line
        advance()  // [
        var items: [JSNode] = []
        while !atEnd && !tok.isPunct("]") {
            if tok.isPunct(",") { advance(); items.append(JSNode(.undefined, line: tok.line)); continue }
            let start = pos
            if eat("...") {
                let v = parseAssign()
                switch v.value {
                case let .array(a): items += a
                case .null, .undefined: break
                default:
                    skipped.append((v.line, "spread `\(text(from: start))` (\(v.summary)) not applied"))
                    items.append(JSNode(.unreadable(what: "a spread of \(v.summary)", text: text(from: start)), line: v.line))
                }
            } else {
                items.append(parseAssign())
            }
            if !eat(",") && !tok.isPunct("]") {
                let before = pos
                skipToStop()
                if pos == before && !tok.isPunct("]") && !tok.isPunct(",") { advance() }
                if tok.kind == .punctuator && [")", "}", ";"].contains(tok.text) { advance() }
                _ = eat(",")
            }
        }
        _ = eat("]")
        return JSNode(.array(items), line: line)
    }
}
