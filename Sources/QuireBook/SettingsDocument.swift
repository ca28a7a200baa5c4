import Foundation
import QuireSupport

/// `quire.yml`, read once: the one reader of the file for both `quire build` (the site's
/// top-level keys, `SiteConfig`) and `quire serve` (the `server:` section, `ServerSettings`).
/// YAML goes through `SafeYAML` (limits on size, aliases, depth) and comes out as typed
/// `Value`s, so no layer above handles untyped YAML nodes.
///
///     let doc = try SettingsDocument.read(contentsOf: URL(fileURLWithPath: "quire.yml"))
///     doc.site["title"]       // .string("Robots")
///     doc.server              // [("host", .string("0.0.0.0")), ("llm.model", .string("gpt-4o-mini"))]
public struct SettingsDocument: Sendable, Equatable {
    /// One scalar or list from the file.
    public enum Value: Sendable, Equatable {
        case null
        case string(String)
        case bool(Bool)
        case int(Int)
        case double(Double)
        case list([Value])
        case mapping

        /// Words for an error message: "a mapping", "a number".
        public var kind: String {
            switch self {
            case .null: "nothing"
            case .string: "a string"
            case .bool: "true or false"
            case .int, .double: "a number"
            case .list: "a list"
            case .mapping: "a mapping"
            }
        }

        /// The value as text, for scalars (`true`, `8080`, `0.5`); nil for lists and mappings.
        public var scalarText: String? {
            switch self {
            case .string(let s): s
            case .bool(let b): String(b)
            case .int(let i): String(i)
            case .double(let d): String(d)
            case .null, .list, .mapping: nil
            }
        }

        /// The strings of a list of strings; nil otherwise.
        public var strings: [String]? {
            guard case .list(let items) = self else { return nil }
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else { return nil }
                out.append(s)
            }
            return out
        }

        init(_ node: Any) {
            switch node {
            case is NSNull: self = .null
            case let s as String: self = .string(s)
            case let b as Bool: self = .bool(b)
            case let i as Int: self = .int(i)
            case let d as Double: self = .double(d)
            case let list as [Any]: self = .list(list.map(Value.init))
            default: self = .mapping
            }
        }
    }

    /// Path of the file, as error messages name it.
    public var file: String
    /// Top-level keys other than `server`.
    public var site: [String: Value] = [:]
    /// The `server:` section, keys of `server.llm` flattened to `llm.<key>`, sorted by key.
    /// Empty when the file has no such section (or it is null).
    public var server: [Entry] = []

    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: Value
    }

    public init(file: String = "quire.yml") { self.file = file }

    /// Reads a settings file: a regular file, or a device such as `/dev/null` for "no settings".
    /// `unreadable` is the message when the file cannot be opened, saying what to do instead.
    public static func read(contentsOf url: URL,
                            unreadable: String = "cannot read the settings file (does it exist?)") throws -> SettingsDocument {
        guard let data = SettingsFile.contents(of: url) else { throw QuireError(.config, unreadable, file: url.path) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw QuireError(.config, "not UTF-8", file: url.path)
        }
        return try parse(text, file: url.path)
    }

    public static func parse(_ text: String, file: String = "quire.yml") throws -> SettingsDocument {
        var doc = SettingsDocument(file: file)
        let node = try SafeYAML.load(text, file: file, limits: .settings, code: .config, what: "YAML")
        guard let node, !(node is NSNull) else { return doc }
        guard let map = node as? [String: Any] else {
            throw QuireError(.config, "expected a mapping of settings (title: ..., baseUrl: ...)", file: file)
        }
        for (key, value) in map where key != "server" { doc.site[key] = Value(value) }
        guard let rawServer = map["server"], !(rawServer is NSNull) else { return doc }
        guard let server = rawServer as? [String: Any] else {
            throw QuireError(.config, "'server' must be a mapping (host: ..., port: ...)", file: file)
        }
        for (key, value) in server {
            if key == "llm", let llm = value as? [String: Any] {
                doc.server += llm.map { Entry(key: "llm." + $0.key, value: Value($0.value)) }
            } else if key == "llm", !(value is NSNull) {
                throw QuireError(.config, "'server.llm' must be a mapping (provider: ..., model: ...)", file: file)
            } else {
                doc.server.append(Entry(key: key, value: Value(value)))
            }
        }
        doc.server.sort { $0.key < $1.key }
        return doc
    }
}
