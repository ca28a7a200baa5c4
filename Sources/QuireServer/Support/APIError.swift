import HTTPTypes
import Hummingbird
import QuireIndex

/// A client error with its HTTP shape: `{"error": {"code", "message", "field"}}`.
/// Anything else thrown by a route becomes a 500 with a generic message (logged, never shown).
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var field: String?
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    static func badRequest(_ message: String, field: String? = nil, code: String = "invalid_request") -> APIError {
        APIError(.badRequest, code, message, field: field)
    }

    var json: String {
        var out = "{\"error\": {\"code\": \(JSONText.string(code)), \"message\": \(JSONText.string(message))"
        if let field { out += ", \"field\": \(JSONText.string(field))" }
        return out + "}}"
    }

    var response: Response {
        var h = headers
        h[.contentType] = "application/json; charset=utf-8"
        h[.cacheControl] = "no-store"
        return Response(status: status, headers: h, body: ResponseBody(byteBuffer: ByteBuffer(string: json + "\n")))
    }
}

extension Response {
    static func json(_ text: String, status: HTTPResponse.Status = .ok, cache: String = "no-store") -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: cache],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
