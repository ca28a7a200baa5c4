/// An error a user can cause (bad input, missing file, corrupt index).
///
/// Seen by the person running `quire`: `description` is printed as is, so it names
/// the file (and line) or the field and says how to fix the problem.
public struct QuireError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Stable machine-readable code, e.g. `front-matter`, `broken-link`, `index-crc`.
    public var code: String
    /// Human message saying what is wrong and how to fix it.
    public var message: String
    /// File the problem is in, when there is one.
    public var file: String?
    /// 1-based line in `file`, when known.
    public var line: Int?

    public init(_ code: String, _ message: String, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// One line: file names and messages quote what authors wrote (slugs, link targets, file
    /// names), so control characters are escaped — a newline in a file name cannot start a line
    /// of its own in a CI log (`::error::…` workflow commands) or recolour a terminal.
    public var description: String {
        let text: String
        switch (file, line) {
        case let (f?, l?): text = "\(f):\(l): \(message)"
        case let (f?, nil): text = "\(f): \(message)"
        default: text = message
        }
        return TerminalText.escape(text, backslashes: false)
    }
}

/// Several user errors reported together (e.g. every broken link of a build).
public struct QuireErrors: Error, CustomStringConvertible, Sendable {
    public var errors: [QuireError]
    public init(_ errors: [QuireError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// A warning or error found while building, with its location.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case warning, error }
    public var severity: Severity
    public var file: String?
    public var line: Int?
    public var message: String

    public init(_ severity: Severity, _ message: String, file: String? = nil, line: Int? = nil) {
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String {
        let loc: String
        switch (file, line) {
        case let (f?, l?): loc = "\(f):\(l): "
        case let (f?, nil): loc = "\(f): "
        default: loc = ""
        }
        return TerminalText.escape("\(loc)\(severity.rawValue): \(message)", backslashes: false)
    }
}
