/// The `Encoder` behind `ContractJSONEncoder`: builds a `JSONNode` tree that keeps the order in
/// which keys were encoded.
final class JSONNodeEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What was encoded; nil until a container is asked for (an empty value encodes as `{}`).
    var node: JSONNode?

    init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    /// The node of one value: scalars directly, anything else through its `encode(to:)`.
    static func node<T: Encodable>(for value: T, codingPath: [any CodingKey]) throws -> JSONNode {
        switch value {
        case let s as String: return .literal(ContractJSONEncoder.quoted(s))
        case let b as Bool: return .literal(b ? "true" : "false")
        case let d as Double: return try JSONNode.number(d, codingPath: codingPath)
        case let f as Float: return try JSONNode.number(f, codingPath: codingPath)
        case let i as Int: return .literal(String(i))
        default:
            let encoder = JSONNodeEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.node ?? JSONNode(.object(keys: [], values: []))
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: JSONNode
        if let node, case .object = node.value {
            object = node
        } else {
            object = JSONNode(.object(keys: [], values: []))
            node = object
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: JSONNode
        if let node, case .array = node.value {
            array = node
        } else {
            array = JSONNode(.array([]))
            node = array
        }
        return UnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let object: JSONNode
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .literal("null")) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            object.set(key.stringValue, try JSONNodeEncoder.node(for: value, codingPath: codingPath + [key]))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = JSONNode(.object(keys: [], values: []))
            object.set(key.stringValue, child)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: child, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = JSONNode(.array([]))
            object.set(key.stringValue, child)
            return UnkeyedContainer(array: child, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let slot = JSONNode(.object(keys: [], values: []))
            object.set(key.stringValue, slot)
            return SlotEncoder(slot: slot, codingPath: codingPath + [key])
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let array: JSONNode
        let codingPath: [any CodingKey]
        var count: Int {
            if case .array(let items) = array.value { return items.count }
            return 0
        }

        private var nextKey: any CodingKey { IndexKey(count) }

        mutating func encodeNil() throws { array.append(.literal("null")) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            array.append(try JSONNodeEncoder.node(for: value, codingPath: codingPath + [nextKey]))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = JSONNode(.object(keys: [], values: []))
            let path = codingPath + [nextKey]
            array.append(child)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: child, codingPath: path))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = JSONNode(.array([]))
            let path = codingPath + [nextKey]
            array.append(child)
            return UnkeyedContainer(array: child, codingPath: path)
        }

        mutating func superEncoder() -> any Encoder {
            let slot = JSONNode(.object(keys: [], values: []))
            let path = codingPath + [nextKey]
            array.append(slot)
            return SlotEncoder(slot: slot, codingPath: path)
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let encoder: JSONNodeEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }

        mutating func encodeNil() throws { encoder.node = .literal("null") }
        mutating func encode(_ value: Bool) throws { encoder.node = .literal(value ? "true" : "false") }
        mutating func encode(_ value: String) throws { encoder.node = .literal(ContractJSONEncoder.quoted(value)) }
        mutating func encode(_ value: Double) throws { encoder.node = try JSONNode.number(value, codingPath: codingPath) }
        mutating func encode(_ value: Float) throws { encoder.node = try JSONNode.number(value, codingPath: codingPath) }
        mutating func encode(_ value: Int) throws { encoder.node = .literal(String(value)) }
        mutating func encode(_ value: Int8) throws { encoder.node = .literal(String(value)) }
        mutating func encode(_ value: Int16) throws { encoder.node = .literal(String(value)) }
        mutating func encode(_ value: Int32) throws { encoder.node = .literal(String(value)) }
        mutating func encode(_ value: Int64) throws { encoder.node = .literal(String(value)) }
        mutating func encode(_ value: UInt) throws { encoder.node = .literal(String(value)) }
        mutating func encode(_ value: UInt8) throws { encoder.node = .literal(String(value)) }
        mutating func encode(_ value: UInt16) throws { encoder.node = .literal(String(value)) }
        mutating func encode(_ value: UInt32) throws { encoder.node = .literal(String(value)) }
        mutating func encode(_ value: UInt64) throws { encoder.node = .literal(String(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            encoder.node = try JSONNodeEncoder.node(for: value, codingPath: codingPath)
        }
    }
}

/// An encoder whose result fills a slot its parent reserved (`superEncoder`), keeping the
/// parent's key order.
private final class SlotEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private let inner: JSONNodeEncoder
    private let slot: JSONNode

    init(slot: JSONNode, codingPath: [any CodingKey]) {
        self.codingPath = codingPath
        self.inner = JSONNodeEncoder(codingPath: codingPath)
        self.slot = slot
        inner.node = slot  // a keyed container fills the slot itself
    }

    deinit {
        if let node = inner.node, node !== slot { slot.value = node.value }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { inner.singleValueContainer() }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}
