/// Encodes any `Encodable` as the JSON text our contracts print: keys in the order the type
/// encodes them (declaration order for synthesized `Codable`), `", "` between members and
/// `": "` after keys, no other whitespace, slashes left alone:
///
///     {"query": "jacobian", "took_ms": 1.7, "results": [{"rank": 1, "headings": []}]}
///
/// Foundation's `JSONEncoder` cannot do this: on Linux it does not keep key order. Strings are
/// escaped as `JSONText.string` always did (control characters, U+2028 and U+2029 as `\uXXXX`,
/// so the text can also sit inside a `<script>`). Doubles print in their shortest form, whole
/// values without `.0`; a non-finite number is an encoding error (round it in `encode(to:)`).
public struct ContractJSONEncoder: Sendable {
    public init() {}

    /// The JSON text of `value`.
    public func encode<T: Encodable>(_ value: T) throws -> String {
        let node = try JSONNodeEncoder.node(for: value, codingPath: [])
        var out = ""
        node.write(to: &out)
        return out
    }

    /// A JSON string literal for `s`, quotes included.
    public static func quoted(_ s: String) -> String {
        var out = ""
        JSONNode.writeString(s, to: &out)
        return out
    }
}

/// A JSON value being built; arrays and objects are reference boxes so that nested containers
/// can keep adding to them after they were handed out.
final class JSONNode {
    enum Value {
        /// A number, `true`, `false`, `null` or a quoted string, already as JSON text.
        case literal(String)
        case array([JSONNode])
        /// Members in insertion order; encoding a key again replaces its value in place.
        case object(keys: [String], values: [JSONNode])
    }

    var value: Value

    init(_ value: Value) {
        self.value = value
    }

    static func literal(_ text: String) -> JSONNode { JSONNode(.literal(text)) }

    func append(_ node: JSONNode) {
        guard case .array(var items) = value else { return }
        value = .literal("")  // drop the reference so `items` is appended in place
        items.append(node)
        value = .array(items)
    }

    func set(_ key: String, _ node: JSONNode) {
        guard case .object(var keys, var values) = value else { return }
        value = .literal("")
        if let i = keys.firstIndex(of: key) {
            values[i] = node
        } else {
            keys.append(key)
            values.append(node)
        }
        value = .object(keys: keys, values: values)
    }

    func write(to out: inout String) {
        switch value {
        case .literal(let text):
            out += text
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.write(to: &out)
            }
            out += "]"
        case .object(let keys, let values):
            out += "{"
            for i in keys.indices {
                if i > 0 { out += ", " }
                Self.writeString(keys[i], to: &out)
                out += ": "
                values[i].write(to: &out)
            }
            out += "}"
        }
    }

    /// `s` as a JSON string: `"`, `\` and control characters escaped (`\n`, `\u001b`), and
    /// U+2028/U+2029 too (they end a line in JavaScript); everything else copied as UTF-8 runs.
    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        var s = s
        s.withUTF8 { bytes in
            var run = 0
            var i = 0
            func flush(_ end: Int) {
                if end > run { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[run..<end]), as: UTF8.self) }
            }
            while i < bytes.count {
                let b = bytes[i]
                let escape: String?
                var width = 1
                switch b {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0..<0x20: escape = "\\u00" + (b < 0x10 ? "0" : "") + String(b, radix: 16)
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    escape = bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default: escape = nil
                }
                if let escape {
                    flush(i)
                    out += escape
                    i += width
                    run = i
                } else {
                    i += 1
                }
            }
            flush(bytes.count)
        }
        out += "\""
    }

    static func number(_ x: Double, codingPath: [any CodingKey]) throws -> JSONNode {
        guard x.isFinite else {
            throw EncodingError.invalidValue(x, .init(codingPath: codingPath, debugDescription: "JSON has no \(x)"))
        }
        if x == x.rounded(), abs(x) < 1e15 { return .literal(String(Int(x))) }
        return .literal("\(x)")
    }

    static func number(_ x: Float, codingPath: [any CodingKey]) throws -> JSONNode {
        guard x.isFinite else {
            throw EncodingError.invalidValue(x, .init(codingPath: codingPath, debugDescription: "JSON has no \(x)"))
        }
        if x == x.rounded(), abs(x) < 1e7 { return .literal(String(Int(x))) }
        return .literal("\(x)")
    }
}
