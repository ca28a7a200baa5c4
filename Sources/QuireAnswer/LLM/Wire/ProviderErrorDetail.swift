import Foundation

/// A provider's error, as OpenAI (`{"error": {"message", "type", "code"}}`), Anthropic
/// (`{"type": "error", "error": {"type", "message"}}`) and compatible servers spell it: the
/// error may also be a bare string, and `code` a string or a number.
struct ProviderErrorDetail: Decodable, Equatable {
    var type: String?
    var code: String?
    var message: String?

    init(type: String? = nil, code: String? = nil, message: String?) {
        self.type = type
        self.code = code
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case type, code, message }

    init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.init(message: text)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try? c.decodeIfPresent(String.self, forKey: .type)
        let number = (try? c.decodeIfPresent(Int.self, forKey: .code)).map(String.init)
        let code = (try? c.decodeIfPresent(String.self, forKey: .code)) ?? number
        self.init(type: type, code: code, message: try? c.decodeIfPresent(String.self, forKey: .message))
    }

    /// "type: message", or whichever of them there is.
    var summary: String {
        let kind = type ?? code
        let text = message ?? ""
        guard let kind else { return text }
        return text.isEmpty ? kind : "\(kind): \(text)"
    }

    /// The human message of a JSON error body, if it is one.
    static func message(inBody body: String) -> String? {
        struct Body: Decodable {
            var error: ProviderErrorDetail?
            var message: String?
        }
        guard let parsed = try? JSONDecoder().decode(Body.self, from: Data(body.utf8)) else { return nil }
        if let e = parsed.error { return e.summary }
        return parsed.message
    }
}
