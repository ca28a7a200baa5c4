/// A value read from a JavaScript/TypeScript config file without running it.
public indirect enum JSValue: Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case undefined
    case array([JSNode])
    /// Keys in source order.
    case object([(key: String, value: JSNode)])
    /// An imported or required module (`import x from 'remark-math'`), kept by name only.
    case module(String)
    /// Something the reader does not evaluate (a function, a call, a computed spread…):
    /// `what` says what it is, `text` is the start of its source.
    case unreadable(what: String, text: String)
}

/// A value and the 1-based line where it starts.
public struct JSNode: Sendable {
    public var value: JSValue
    public var line: Int

    public init(_ value: JSValue, line: Int) { self.value = value; self.line = line }

    /// Property of an object (nil when this is not an object or the key is absent).
    public subscript(key: String) -> JSNode? {
        guard case let .object(pairs) = value else { return nil }
        return pairs.last(where: { $0.key == key })?.value
    }

    public var string: String? { if case let .string(s) = value { return s }; return nil }
    public var bool: Bool? { if case let .bool(b) = value { return b }; return nil }
    public var number: Double? { if case let .number(n) = value { return n }; return nil }
    public var array: [JSNode]? { if case let .array(a) = value { return a }; return nil }
    public var pairs: [(key: String, value: JSNode)]? { if case let .object(p) = value { return p }; return nil }
    public var isObject: Bool { if case .object = value { return true }; return false }
    public var isAbsent: Bool { if case .undefined = value { return true }; return false }

    /// JavaScript truthiness; nil for values the reader could not evaluate.
    var truthy: Bool? {
        switch value {
        case let .string(s): return !s.isEmpty
        case let .number(n): return n != 0 && !n.isNaN
        case let .bool(b): return b
        case .null, .undefined: return false
        case .array, .object, .module: return true
        case .unreadable: return nil
        }
    }

    /// A short description for messages.
    public var summary: String {
        switch value {
        case let .string(s): return "'\(s.count > 40 ? String(s.prefix(40)) + "…" : s)'"
        case let .number(n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case let .bool(b): return String(b)
        case .null: return "null"
        case .undefined: return "undefined"
        case .array: return "an array"
        case .object: return "an object"
        case let .module(m): return "the module '\(m)'"
        case let .unreadable(what, text): return "\(what) `\(text)`"
        }
    }
}
