import Foundation
import QuireSupport
import Yams
// libyaml, as bundled by Yams: its event parser lets aliases be counted before anything is
// built (Yams itself expands every alias while constructing values, and hashes expanded keys).
import CYaml

/// Limits on a YAML document that comes from someone Quire does not fully trust (front
/// matter is written by page authors; `quire.yml` gets the same checks). See docs/security.md.
public struct YAMLLimits: Sendable, Equatable {
    /// Largest document, in bytes of UTF-8.
    public var maxBytes: Int
    /// Most `*alias` references in one document.
    public var maxAliases: Int
    /// Most values (scalars, lists and mappings) in the document with every alias expanded:
    /// what stops "billion laughs" (a few lines whose aliases expand to millions of values).
    public var maxValues: Int
    /// Deepest nesting of lists and mappings.
    public var maxDepth: Int

    public init(maxBytes: Int, maxAliases: Int, maxValues: Int, maxDepth: Int) {
        self.maxBytes = maxBytes
        self.maxAliases = maxAliases
        self.maxValues = maxValues
        self.maxDepth = maxDepth
    }

    /// A page's front matter: 64 KB, 100 aliases, 10,000 values, 32 levels.
    public static let frontMatter = YAMLLimits(maxBytes: 64 * 1024, maxAliases: 100, maxValues: 10_000, maxDepth: 32)
    /// `quire.yml` and `_category_.yml`: 1 MB, 1,000 aliases, 100,000 values, 32 levels.
    public static let settings = YAMLLimits(maxBytes: 1024 * 1024, maxAliases: 1_000, maxValues: 100_000, maxDepth: 32)
}

/// The one way Quire reads YAML: the limits are checked on libyaml's event stream first
/// (linear time, nothing expanded), and only a document within them is handed to Yams.
public enum SafeYAML {
    /// Read once: `Parser.Encoding.default` reads the environment on every call.
    nonisolated(unsafe) private static let encoding = Parser.Encoding.default

    /// Parses one YAML document into Foundation values (`[String: Any]`, `[Any]`, `String`,
    /// `Int`, `Double`, `Bool`, `NSNull`), or nil for an empty document.
    /// - Parameters:
    ///   - file: named in errors; `firstLine` is the file line of the text's first line.
    ///   - code: the `QuireError` code (`front-matter`, `config`, `category`).
    public static func load(_ text: String, file: String, firstLine: Int = 1, limits: YAMLLimits,
                            code: QuireError.Code = .yaml, what: String = "YAML") throws -> Any? {
        try check(text, file: file, firstLine: firstLine, limits: limits, code: code, what: what)
        do {
            return try Yams.load(yaml: text, .default, .default, encoding)
        } catch let e as YamlError {
            // libyaml places an error at the end of the stream one line past the last one: clamp
            // to the text's last line (found by the fuzz suite, Crashers/settings/fail-71cb94323d94b55a).
            let lastLine = firstLine + text.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            let line = min((lineOf(e) ?? 1) + firstLine - 1, lastLine)
            throw QuireError(code, "malformed \(what): \(describe(e))", file: file, line: line)
        }
    }

    /// Throws when `text` is over one of `limits`. A syntax error is left for Yams to report.
    public static func check(_ text: String, file: String, firstLine: Int = 1, limits: YAMLLimits,
                             code: QuireError.Code = .yaml, what: String = "YAML") throws {
        let size = text.utf8.count
        if size > limits.maxBytes {
            throw QuireError(code, "\(what) is \(ByteCount.describe(size)); the limit is \(ByteCount.describe(limits.maxBytes))",
                             file: file, line: firstLine)
        }
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        try bytes.withUnsafeMutableBufferPointer { buf in
            yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
            var counter = Counter(limits: limits)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    // libyaml's scanner stops at 1,000 levels of flow collections before the
                    // events reach the counter: the same limit, said the same way.
                    if let p = parser.problem, String(cString: p).contains("nesting level") {
                        throw QuireError(code, "\(what) nests lists and mappings more than \(limits.maxDepth) levels deep",
                                         file: file, line: Int(parser.problem_mark.line) + firstLine)
                    }
                    return  // a syntax error: Yams reports it
                }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + firstLine
                if let problem = counter.add(event) {
                    throw QuireError(code, "\(what) \(problem)", file: file, line: line)
                }
                if event.type == YAML_STREAM_END_EVENT { return }
            }
        }
    }

    /// Running totals over the event stream. Each open list or mapping counts the values it
    /// holds with aliases expanded; an anchor remembers its total, so an alias costs its
    /// anchor's whole size without being expanded.
    private struct Counter {
        let limits: YAMLLimits
        var aliases = 0
        var anchors: [String: Int] = [:]
        var open: [(anchor: String?, values: Int)] = []
        var documentValues = 0

        init(limits: YAMLLimits) { self.limits = limits }

        mutating func add(_ event: yaml_event_t) -> String? {
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                documentValues = 0
                open.removeAll()
            case YAML_SCALAR_EVENT:
                let anchor = name(event.data.scalar.anchor)
                if let a = anchor { anchors[a] = 1 }
                return count(1)
            case YAML_ALIAS_EVENT:
                aliases += 1
                if aliases > limits.maxAliases {
                    return "has more than \(limits.maxAliases) aliases (*name); write the values out"
                }
                let size = name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1
                return count(size)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = name(event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor
                                                                          : event.data.mapping_start.anchor)
                open.append((anchor, 1))
                if open.count > limits.maxDepth {
                    return "nests lists and mappings more than \(limits.maxDepth) levels deep"
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let done = open.popLast() else { return nil }
                if let a = done.anchor { anchors[a] = done.values }
                return count(done.values)
            default:
                break
            }
            return nil
        }

        private mutating func count(_ n: Int) -> String? {
            // Every total is checked as it grows, so none can pass the limit by more than one
            // anchor's size (itself within the limit): no overflow.
            if open.isEmpty { documentValues += n } else { open[open.count - 1].values += n }
            let total = open.isEmpty ? documentValues : open[open.count - 1].values
            if total > limits.maxValues {
                return "expands to more than \(limits.maxValues) values (aliases of aliases?); write it out plainly"
            }
            return nil
        }

        private func name(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            p.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
    }

    /// 0-based line of a Yams error, when it has one.
    static func lineOf(_ error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        case let .duplicatedKeysInMapping(_, context):
            return context.mark.line
        default:
            return nil
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _), let .composer(context, problem, _, _):
            if let c = context?.text, !c.isEmpty { return "\(problem) (\(c))" }
            return problem
        case let .duplicatedKeysInMapping(duplicates, _):
            return "duplicate keys: \(duplicates.joined(separator: ", "))"
        default:
            return "\(error)"
        }
    }
}
