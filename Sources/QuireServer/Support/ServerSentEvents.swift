import HTTPTypes
import Hummingbird
import NIOCore
import QuireSupport

/// Framing of the event streams: `/api/ask` names its events (`event: delta\ndata: {...}\n\n`),
/// `/v1/chat/completions` sends bare `data:` lines ending with `data: [DONE]`, as OpenAI does.
enum ServerSentEvents {
    static let headers: HTTPFields = [
        .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache", .xAccelBuffering: "no",
    ]

    /// `event: <name>\ndata: <json>\n\n`.
    static func event(_ name: String, _ payload: some Encodable) throws -> ByteBuffer {
        ByteBuffer(string: "event: \(name)\ndata: \(try ContractJSONEncoder().encode(payload))\n\n")
    }

    /// `data: <json>\n\n`.
    static func data(_ payload: some Encodable) throws -> ByteBuffer {
        ByteBuffer(string: "data: \(try ContractJSONEncoder().encode(payload))\n\n")
    }

    /// The end of an OpenAI-style stream.
    static let done = ByteBuffer(string: "data: [DONE]\n\n")
}
