import Foundation
import Synchronization

/// Turns the TeX of common math into plain Unicode text for places that show text, not HTML
/// (JSON snippets, extractive answers): Greek letters, operators and relations, `^`/`_` as
/// super- and subscripts where Unicode has them, `\frac{a}{b}` as `a/b`, `\sqrt{x}` as `√x`,
/// accents (`\dot q` → q̇), `\mathbf{x}` and friends as their content, matrices as `[a b; c d]`.
/// `$…$` and `$$…$$` delimiters are dropped. Text without TeX passes through unchanged: an
/// underscore counts as a subscript only after a single letter, a digit, `}` or a TeX command
/// (`x_1`, `\theta_{i}`), so identifiers such as `base_link` keep theirs.
public enum MathText {
    static let symbols: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ", "eta": "η",
        "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
        "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
        "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
        "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
        "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝", "infty": "∞",
        "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫", "oint": "∮", "to": "→", "rightarrow": "→",
        "leftarrow": "←", "Rightarrow": "⇒", "Leftarrow": "⇐", "leftrightarrow": "↔", "Leftrightarrow": "⇔", "mapsto": "↦",
        "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩", "forall": "∀", "exists": "∃",
        "emptyset": "∅", "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱", "circ": "∘", "degree": "°",
        "top": "ᵀ", "perp": "⊥", "parallel": "∥", "|": "‖", "lVert": "‖", "rVert": "‖", "Vert": "‖", "lvert": "|",
        "rvert": "|", "vert": "|", "mid": "|", "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈",
        "rceil": "⌉", "star": "⋆", "ast": "∗", "dagger": "†", "ell": "ℓ", "hbar": "ℏ", "Re": "ℜ", "Im": "ℑ", "neg": "¬",
        "land": "∧", "lor": "∨", "wedge": "∧", "vee": "∨", "oplus": "⊕", "otimes": "⊗", "odot": "⊙", "triangleq": "≜",
        "coloneqq": "≔", "ll": "≪", "gg": "≫", "prime": "′", "quad": " ", "qquad": "  ", ",": " ", ";": " ", ":": " ",
        "!": "", " ": " ", "{": "{", "}": "}", "%": "%", "$": "$", "&": "&", "#": "#", "_": "_",
        "sin": "sin", "cos": "cos", "tan": "tan", "atan": "atan", "arctan": "arctan", "arcsin": "arcsin", "arccos": "arccos",
        "log": "log", "ln": "ln", "exp": "exp", "min": "min", "max": "max", "arg": "arg", "det": "det", "lim": "lim",
        "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "sup": "sup", "inf": "inf", "dim": "dim", "ker": "ker", "tr": "tr",
        "operatorname": "", "left": "", "right": "", "big": "", "Big": "", "bigg": "", "Bigg": "", "bigl": "", "bigr": "",
        "Bigl": "", "Bigr": "", "displaystyle": "", "textstyle": "", "limits": "", "nolimits": "",
    ]
    /// Commands whose argument is shown as is.
    static let wrappers: Set<String> = [
        "mathbf", "mathrm", "mathit", "mathsf", "mathtt", "mathcal", "mathbb", "mathfrak", "boldsymbol", "bm", "text",
        "textrm", "textbf", "textit", "mbox", "operatorname", "underline", "overline", "underbrace", "overbrace", "hbox",
    ]
    static let accents: [String: Character] = [
        "dot": "\u{0307}", "ddot": "\u{0308}", "hat": "\u{0302}", "widehat": "\u{0302}", "bar": "\u{0304}",
        "tilde": "\u{0303}", "widetilde": "\u{0303}", "vec": "\u{20D7}", "check": "\u{030C}", "breve": "\u{0306}",
    ]
    static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "+": "⁺",
        "-": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "n": "ⁿ", "i": "ⁱ", "T": "ᵀ", "a": "ᵃ", "b": "ᵇ", "c": "ᶜ", "d": "ᵈ",
        "e": "ᵉ", "f": "ᶠ", "g": "ᵍ", "h": "ʰ", "j": "ʲ", "k": "ᵏ", "l": "ˡ", "m": "ᵐ", "o": "ᵒ", "p": "ᵖ", "r": "ʳ",
        "s": "ˢ", "t": "ᵗ", "u": "ᵘ", "v": "ᵛ", "w": "ʷ", "x": "ˣ", "y": "ʸ", "z": "ᶻ", "∗": "*", "*": "*", "′": "′",
        "ᵀ": "ᵀ", "°": "°", "∘": "°",
    ]
    static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉", "+": "₊",
        "-": "₋", "=": "₌", "(": "₍", ")": "₎", "a": "ₐ", "e": "ₑ", "h": "ₕ", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "l": "ₗ",
        "m": "ₘ", "n": "ₙ", "o": "ₒ", "p": "ₚ", "r": "ᵣ", "s": "ₛ", "t": "ₜ", "u": "ᵤ", "v": "ᵥ", "x": "ₓ", "β": "ᵦ",
        "γ": "ᵧ", "ρ": "ᵨ", "φ": "ᵩ", "ϕ": "ᵩ", "χ": "ᵪ",
    ]

    /// True when `text` holds math between the delimiters the site's chat and search render
    /// with KaTeX: `$$…$$`, `\(…\)`, `\[…\]`, or `$…$` read as remark-math and pandoc
    /// read it (the opening `$` before a non-space, the closing one after a non-space and not
    /// before a digit, both on one line), so "costs $5 or $10" is not math.
    public static func hasDelimitedMath(_ text: String) -> Bool {
        guard text.contains(where: { $0 == "$" || $0 == "\\" }) else { return false }
        return delimited.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// `text` with the delimiters of its math removed (`$\tau$` → `\tau`), other dollars kept:
    /// what the embedder reads, so vectors do not depend on how the book delimits its math.
    public static func withoutDelimiters(_ text: String) -> String {
        guard hasDelimitedMath(text) else { return text }
        return delimited.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1$2$3$4")
    }

    /// The delimiters the widget's 42-math.js reads (the same expression): `$$…$$`, `\(…\)`,
    /// `\[…\]`, and `$…$` with remark-math's rules for a single dollar.
    nonisolated(unsafe) private static let delimited = try! NSRegularExpression(
        pattern: #"\$\$([\s\S]+?)\$\$|\\\(([\s\S]+?)\\\)|\\\[([\s\S]+?)\\\]|(?<!\\)\$(?=[^\s$])((?:\\\$|[^$\n])*?[^\s\\])\$(?!\d)"#)

    /// What a search result shows of a chunk's text: `plain(text)`, and `text` itself when it has
    /// delimited math (nil otherwise). Memoised: the same chunks come back in result after
    /// result, and converting a 1 KB chunk costs tens of microseconds (measured in
    /// docs/benchmarks.md). The memo holds at most `displayMemoCapacity` texts, then starts over.
    public static func display(_ text: String) -> (plain: String, tex: String?) {
        if let hit = displayMemo.withLock({ $0[text] }) { return hit }
        let value = (plain: plain(text), tex: hasDelimitedMath(text) ? text : nil)
        displayMemo.withLock { memo in
            if memo.count >= displayMemoCapacity { memo.removeAll(keepingCapacity: true) }
            memo[text] = value
        }
        return value
    }

    static let displayMemoCapacity = 8_192
    private static let displayMemo = Mutex<[String: (plain: String, tex: String?)]>([:])

    /// Plain Unicode for `text` (TeX anywhere in it).
    public static func plain(_ text: String) -> String {
        guard text.contains(where: { $0 == "\\" || $0 == "^" || $0 == "_" || $0 == "$" }) else { return text }
        var p = Parser(chars: Array(text))
        return p.run(until: nil)
    }

    struct Parser {
        let chars: [Character]
        var i = 0

        /// Converts until the closing `until` character (consumed) or the end.
        mutating func run(until close: Character?) -> String {
            var out = ""
            while i < chars.count {
                let c = chars[i]
                if let close, c == close { i += 1; return out }
                switch c {
                case "$":
                    i += 1
                case "\\":
                    out += command(previous: out.last)
                case "^", "_":
                    if scriptAllowed(after: out, c) {
                        i += 1
                        let arg = argument()
                        out += script(arg, superscript: c == "^")
                    } else {
                        out.append(c)
                        i += 1
                    }
                case "{":
                    i += 1
                    out += run(until: "}")
                case "&":
                    out += " "
                    i += 1
                default:
                    out.append(c)
                    i += 1
                }
            }
            return out
        }

        /// `x_1`, `}^2`, `\theta_i`, `2^n`, `)^T`, but not `base_link` or `snake_case`.
        func scriptAllowed(after out: String, _ c: Character) -> Bool {
            guard i + 1 < chars.count else { return false }
            let next = chars[i + 1]
            if next == " " { return false }
            guard let last = out.last else { return false }
            if last == "}" || last == ")" || last == "]" || last == "|" || last == "‖" || last.isNumber { return true }
            if !last.isLetter { return false }
            // The letter run before the mark must be one letter (or a TeX symbol just written).
            let letters = out.reversed().prefix { $0.isLetter || $0.unicodeScalars.first!.properties.generalCategory == .nonspacingMark }
            if letters.count == 1 || !last.isASCII { return c == "^" || next == "{" || !(i + 2 < chars.count && chars[i + 2].isLetter) }
            return false
        }

        /// The argument of a command or script: `{…}` converted, a command, or one character.
        mutating func argument() -> String {
            while i < chars.count, chars[i] == " " { i += 1 }
            guard i < chars.count else { return "" }
            if chars[i] == "{" {
                i += 1
                return run(until: "}")
            }
            if chars[i] == "\\" { return command(previous: nil) }
            let c = chars[i]
            i += 1
            return String(c)
        }

        mutating func command(previous: Character?) -> String {
            i += 1  // the backslash
            guard i < chars.count else { return "\\" }
            if !chars[i].isLetter {
                let c = chars[i]
                i += 1
                if c == "\\" { return "; " }  // matrix row break
                return symbols[String(c)] ?? String(c)
            }
            var name = ""
            while i < chars.count, chars[i].isLetter {
                name.append(chars[i])
                i += 1
            }
            switch name {
            case "frac", "dfrac", "tfrac":
                let a = argument(), b = argument()
                return group(a) + "/" + group(b)
            case "sqrt":
                var index = ""
                if i < chars.count, chars[i] == "[" {
                    i += 1
                    index = run(until: "]")
                }
                let x = argument()
                return script(index, superscript: true) + "√" + group(x)
            case "begin":
                let env = argument()
                if env.hasSuffix("matrix") {
                    let body = run(untilEnd: env)
                    let rows = body.components(separatedBy: "; ").map { $0.split(separator: " ").joined(separator: " ") }
                        .filter { !$0.isEmpty }
                    return "[" + rows.joined(separator: "; ") + "]"
                }
                return run(untilEnd: env)
            case "end":
                _ = argument()
                return ""
            case "mathbb":
                let x = argument()
                return ["R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ"][x] ?? x
            default:
                break
            }
            if wrappers.contains(name) { return argument() }
            if let mark = accents[name] {
                let x = argument()
                return x.count == 1 ? x + String(mark) : x
            }
            if let s = symbols[name] {
                // `\sin x` keeps its space; `\cdot` gets spaces around it in running text.
                if i < chars.count, chars[i] == " ", s.allSatisfy(\.isLetter), !s.isEmpty { return s }
                return s
            }
            return name  // unknown command: its name reads better than a backslash
        }

        /// Converts up to `\end{env}` (consumed).
        mutating func run(untilEnd env: String) -> String {
            var out = ""
            while i < chars.count {
                if chars[i] == "\\", String(chars[i..<min(chars.count, i + 4)]) == "\\end" {
                    i += 4
                    _ = argument()
                    return out
                }
                let before = i
                out += runOne()
                if i == before { i += 1 }
            }
            return out
        }

        mutating func runOne() -> String {
            let c = chars[i]
            switch c {
            case "\\": return command(previous: nil)
            case "{":
                i += 1
                return run(until: "}")
            case "&":
                i += 1
                return " "
            case "^", "_":
                i += 1
                return script(argument(), superscript: c == "^")
            default:
                i += 1
                return String(c)
            }
        }

        func script(_ s: String, superscript: Bool) -> String {
            if s.isEmpty { return "" }
            let table = superscript ? MathText.superscripts : MathText.subscripts
            let mapped = s.filter { $0 != " " }.map { table[$0] }
            if mapped.allSatisfy({ $0 != nil }) { return String(mapped.map { $0! }) }
            return (superscript ? "^" : "_") + group(s)
        }

        func group(_ s: String) -> String {
            let t = s.trimmingCharacters(in: .whitespaces)
            return t.count <= 1 || t.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0.unicodeScalars.first!.properties.generalCategory == .nonspacingMark })
                ? t : "(" + t + ")"
        }
    }
}
