import HTTPTypes
import Hummingbird
import QuireSupport

/// The response encoder of `QuireRequestContext`: a route returns a `ResponseEncodable` value
/// and this writes it as contract JSON (`ContractJSONEncoder`: keys in declaration order,
/// `", "` and `": "` spacing) plus a newline, `Content-Type: application/json; charset=utf-8`,
/// `Cache-Control: no-store`.
public struct ContractJSONResponseEncoder: ResponseEncoder {
    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        try Self.response(for: value, cacheControl: "no-store")
    }

    static func response(for value: some Encodable, cacheControl: String?) throws -> Response {
        let text = try ContractJSONEncoder().encode(value) + "\n"
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let cacheControl { headers[.cacheControl] = cacheControl }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
