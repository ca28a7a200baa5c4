import HTTPTypes
import Hummingbird

/// A client error with its HTTP shape. Routes throw it; `APIErrorMiddleware` turns it into the
/// response (and anything else thrown into a logged 500 with a generic message).
///
/// Two body shapes, chosen by the route that failed:
/// - Quire's, everywhere but `/v1/`: `{"error": {"code", "message", "field"?}}`, `Cache-Control: no-store`;
/// - OpenAI's under `/v1/...`, so OpenAI clients show the message:
///   `{"error": {"message", "type", "param", "code"}}`.
struct APIError: HTTPResponseError, Sendable {
    var status: HTTPResponse.Status
    /// Stable machine-readable code (`invalid_request`, `rate_limited`, ...).
    var code: String
    /// Says what was wrong and how to fix it.
    var message: String
    /// The request field at fault (`q`, `history[2].role`), when there is one.
    var field: String?
    /// Extra response headers (`Allow`, `Retry-After`, `WWW-Authenticate`).
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

    func with(_ name: HTTPField.Name, _ value: String) -> APIError {
        var e = self
        e.headers[name] = value
        return e
    }

    /// The response in the shape of the route that failed (`context.endpointPath`, which the
    /// router and `FallbackMiddleware` set; see `RouteLabel`).
    func response(from request: Request, context: some RequestContext) throws -> Response {
        if RouteLabel(context).isOpenAI {
            return try Self.encoded(OpenAIBody(self), status: status, headers: headers, cache: nil)
        }
        return try Self.encoded(Body(self), status: status, headers: headers, cache: "no-store")
    }

    static func encoded(_ body: some Encodable, status: HTTPResponse.Status, headers: HTTPFields, cache: String?) throws -> Response {
        var response = try ContractJSONResponseEncoder.response(for: body, cacheControl: cache)
        response.status = status
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension APIError {
    /// `{"error": {"code", "message", "field"?}}`.
    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var field: String?
        }

        var error: Detail

        init(_ e: APIError) {
            error = Detail(code: e.code, message: e.message, field: e.field)
        }

        init(code: String, message: String) {
            error = Detail(code: code, message: message)
        }
    }

    /// `{"error": {"message", "type", "param", "code"}}`; `param` is null when no field is at fault.
    struct OpenAIBody: Encodable {
        struct Detail: Encodable {
            var message: String
            var type: String
            var param: String?
            var code: String

            enum CodingKeys: CodingKey { case message, type, param, code }

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(message, forKey: .message)
                try c.encode(type, forKey: .type)
                try c.encode(param, forKey: .param)  // null, not left out
                try c.encode(code, forKey: .code)
            }
        }

        var error: Detail

        init(_ e: APIError) {
            error = Detail(message: e.message, type: e.status.code >= 500 ? "server_error" : "invalid_request_error", param: e.field, code: e.code)
        }
    }
}

extension APIError {
    /// Any error that is not an `APIError`: the client learns only the request id to quote.
    static func `internal`(requestID: String) -> APIError {
        APIError(.internalServerError, "internal_error", "something went wrong on the server; the error was logged with request id \(requestID)")
    }
}
