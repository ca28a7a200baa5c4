/// One Server-Sent Event: `event:` type (default "message"), joined `data:` lines, `id:`.
public struct SSEEvent: Sendable, Equatable {
    public var event: String
    public var data: String
    public var id: String?

    public init(event: String = "message", data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// Incremental Server-Sent Events parser (WHATWG "event stream interpretation").
///
/// Feed it bytes as they arrive, in chunks of any size; it returns the events completed so
/// far. Lines end with LF, CRLF or CR (a CR at the end of one chunk and the LF starting the
/// next count once). `:` lines are comments; `data:` lines join with "\n"; one space after
/// the colon is dropped; an event without data is not dispatched.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var eventType = ""
    private var data: [String] = []
    private var hasData = false
    private var lastID: String?
    /// The last `retry:` value in milliseconds, if the server sent one.
    public private(set) var retryMilliseconds: Int?

    public init() {}

    public mutating func feed<S: Sequence>(_ bytes: S) -> [SSEEvent] where S.Element == UInt8 {
        var out: [SSEEvent] = []
        for b in bytes {
            if lastWasCR {
                lastWasCR = false
                if b == 0x0A { continue }
            }
            if b == 0x0A || b == 0x0D {
                lastWasCR = b == 0x0D
                if let e = processLine() { out.append(e) }
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(b)
            }
        }
        return out
    }

    /// Call at end of stream: an unterminated event is discarded, as the spec says.
    public mutating func finish() {
        line.removeAll()
        data.removeAll()
        hasData = false
        eventType = ""
    }

    private mutating func processLine() -> SSEEvent? {
        if line.isEmpty {
            defer { data.removeAll(); hasData = false; eventType = "" }
            guard hasData else { return nil }
            return SSEEvent(event: eventType.isEmpty ? "message" : eventType, data: data.joined(separator: "\n"), id: lastID)
        }
        if line[0] == UInt8(ascii: ":") { return nil }
        let field: String
        var value: String
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = String(decoding: line[..<colon], as: UTF8.self)
            var start = colon + 1
            if start < line.count, line[start] == UInt8(ascii: " ") { start += 1 }
            value = String(decoding: line[start...], as: UTF8.self)
        } else {
            field = String(decoding: line, as: UTF8.self)
            value = ""
        }
        switch field {
        case "event": eventType = value
        case "data": data.append(value); hasData = true
        case "id": if !value.contains("\0") { lastID = value }
        case "retry": if let ms = Int(value), ms >= 0 { retryMilliseconds = ms }
        default: value = ""
        }
        return nil
    }
}
