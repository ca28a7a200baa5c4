import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// Reads a JSON request body into a `Decodable` request type, or throws the 400/413 that names
/// the problem: too large, empty, not JSON, not an object, or (from the type's own
/// `init(from:)`) the field at fault.
struct JSONBodyDecoder: Sendable {
    let limits: RequestLimits

    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limits.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch let e as HTTPError where e.status == .contentTooLarge {
            throw tooLarge
        } catch is RequestBodyTimeout {
            throw APIError(.requestTimeout, "body_timeout", "the request body did not arrive within \(limits.bodyTimeoutSeconds) s")
        } catch let e as HTTPParserError {
            // The client's fault (broken chunked framing, a bad transfer encoding): a 400, not a logged 500.
            throw APIError.badRequest("the request body could not be read: malformed HTTP (\(e))", code: "bad_body")
        } catch {
            // The connection closed or failed before the body was complete: nothing the server did.
            throw APIError.badRequest("the request body could not be read: the connection ended before it was complete", code: "bad_body")
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the request body is empty: send a JSON object", code: "invalid_json") }
        let decoder = JSONDecoder()
        decoder.userInfo[.requestLimits] = limits
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch DecodingError.dataCorrupted(let c) where c.codingPath.isEmpty {
            throw APIError.badRequest("the request body is not valid JSON", code: "invalid_json")
        } catch DecodingError.typeMismatch(_, let c) where c.codingPath.isEmpty {
            throw APIError.badRequest("the request body must be a JSON object", code: "invalid_json")
        } catch let e as DecodingError {
            throw APIError(decoding: e)
        }
    }

    private var tooLarge: APIError {
        APIError(.contentTooLarge, "body_too_large", "the request body is larger than \(limits.maxBodyBytes) bytes")
    }
}

extension APIError {
    /// A decoding error no request type turned into its own message: names the field.
    init(decoding error: DecodingError) {
        switch error {
        case .typeMismatch(_, let c):
            let field = Self.fieldName(c.codingPath)
            self = .badRequest("'\(field)' has the wrong type", field: field)
        case .valueNotFound(_, let c):
            let field = Self.fieldName(c.codingPath)
            self = .badRequest("'\(field)' must not be null", field: field)
        case .keyNotFound(let key, let c):
            let field = Self.fieldName(c.codingPath + [key])
            self = .badRequest("missing field '\(field)'", field: field)
        case .dataCorrupted(let c):
            let field = Self.fieldName(c.codingPath)
            self = .badRequest("'\(field)' is not valid: \(c.debugDescription)", field: field)
        @unknown default:
            self = .badRequest("the request body could not be read: \(error)")
        }
    }

    /// `history[2].role` for the coding path history → 2 → role.
    static func fieldName(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue {
                out += "[\(i)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out
    }
}

extension KeyedDecodingContainer {
    /// The value at `key`; nil when it is absent or null. A value of another type is a 400
    /// with `message`, naming the field.
    func field<T: Decodable>(_ type: T.Type, _ key: Key, orFail message: @autoclosure () -> String) throws -> T? {
        do {
            return try decodeIfPresent(T.self, forKey: key)
        } catch DecodingError.typeMismatch {
            throw APIError.badRequest(message(), field: APIError.fieldName(codingPath + [key]))
        }
    }
}
