/// An error a user can cause (bad input, missing file, corrupt index).
///
/// Seen by the person running `quire`: `description` is printed as is, so it names
/// the file (and line) or the field and says how to fix the problem.
public struct QuireError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Stable machine-readable codes; the raw value is what logs and tests see.
    public enum Code: String, Sendable, CaseIterable {
        // Settings and content
        case config, content, category, sidebars, symlink, encoding, yaml
        case frontMatter = "front-matter"
        case duplicateID = "duplicate-id"
        case duplicateSlug = "duplicate-slug"
        case tooLarge = "too-large"
        // Rendering and writing the site
        case markdown, templates, output, write, pipeline
        case brokenLink = "broken-link"
        // The index file
        case indexMissing = "index-missing"
        case indexFormat = "index-format"
        case indexVersion = "index-version"
        case indexCorrupt = "index-corrupt"
        case indexTruncated = "index-truncated"
        case indexCRC = "index-crc"
        case indexModel = "index-model"
        case zlib
        // The model and embedding
        case modelMissing = "model-missing"
        case modelCorrupt = "model-corrupt"
        case blas
        case blasMissing = "blas-missing"
        case embed
        // Evaluation and answers
        case eval
        case llmConfig = "llm-config"
    }

    /// Stable machine-readable code, e.g. `.frontMatter`, `.brokenLink`, `.indexCRC`.
    public var code: Code
    /// Human message saying what is wrong and how to fix it.
    public var message: String
    /// File the problem is in, when there is one.
    public var file: String?
    /// 1-based line in `file`, when known.
    public var line: Int?

    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil) {
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
