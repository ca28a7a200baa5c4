import Foundation
import QuireSupport
import Testing

/// `ContractJSONEncoder`: the JSON text of the CLI and HTTP contracts.
@Suite struct ContractJSONEncoderTests {
    struct Hit: Codable, Equatable {
        var rank: Int
        var score: Double
        var url: String
        var headings: [String]
        var note: String?
    }

    struct Page: Codable, Equatable {
        var query: String
        var tookMs: Double
        var results: [Hit]
        var flags: [String: Bool]

        enum CodingKeys: String, CodingKey { case query, tookMs = "took_ms", results, flags }
    }

    /// Explicit nulls, nested containers and an empty object.
    struct Handmade: Encodable {
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encodeNil(forKey: Key("z"))
            try c.encode(Optional<String>.none, forKey: Key("param"))
            var nested = c.nestedContainer(keyedBy: Key.self, forKey: Key("nested"))
            try nested.encode(1.5, forKey: Key("b"))
            try nested.encode(true, forKey: Key("a"))
            var list = c.nestedUnkeyedContainer(forKey: Key("list"))
            try list.encode(UInt8(7))
            var inner = list.nestedUnkeyedContainer()
            try inner.encode("x")
            try inner.encodeNil()
            try c.encode(Empty(), forKey: Key("empty"))
            try c.encode(2, forKey: Key("z"))  // encoding a key again replaces it in place
        }
    }

    struct Empty: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    struct Key: CodingKey {
        let stringValue: String
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    @Test func keepsDeclarationOrderWithContractSpacing() throws {
        let page = Page(query: "jacobian", tookMs: 1.7, results: [
            Hit(rank: 1, score: 0.8312, url: "/docs/kinematics/inverse#the-jacobian", headings: ["The Jacobian"], note: nil),
            Hit(rank: 2, score: 1, url: "/docs/x", headings: [], note: "n"),
        ], flags: ["only": true])
        let text = try ContractJSONEncoder().encode(page)
        #expect(text == #"{"query": "jacobian", "took_ms": 1.7, "results": [{"rank": 1, "score": 0.8312, "url": "/docs/kinematics/inverse#the-jacobian", "headings": ["The Jacobian"]}, {"rank": 2, "score": 1, "url": "/docs/x", "headings": [], "note": "n"}], "flags": {"only": true}}"#)
        #expect(try JSONDecoder().decode(Page.self, from: Data(text.utf8)) == page)
    }

    @Test func nullsNestingAndReplacedKeys() throws {
        let text = try ContractJSONEncoder().encode(Handmade())
        #expect(text == #"{"z": 2, "param": null, "nested": {"b": 1.5, "a": true}, "list": [7, ["x", null]], "empty": {}}"#)
    }

    @Test func escapesAsJSONTextAlwaysDid() throws {
        let s = "quote \" backslash \\ newline \n tab \t cr \r bell \u{7} line-sep \u{2028} para-sep \u{2029} slash / é 🤖"
        let text = try ContractJSONEncoder().encode([s])
        #expect(text == #"["quote \" backslash \\ newline \n tab \t cr \r bell \u0007 line-sep \u2028 para-sep \u2029 slash / é 🤖"]"#)
        #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == [s])
        #expect(ContractJSONEncoder.quoted(s) == String(text.dropFirst().dropLast()))
    }

    @Test func numbers() throws {
        #expect(try ContractJSONEncoder().encode([0.1, 2.0, -3.0, 1e-05, 123456789.125, 1e20]) == "[0.1, 2, -3, 1e-05, 123456789.125, 1e+20]")
        #expect(try ContractJSONEncoder().encode([Int64.max]) == "[9223372036854775807]")
        #expect(try ContractJSONEncoder().encode([Float(0.25)]) == "[0.25]")
        #expect(throws: EncodingError.self) { try ContractJSONEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try ContractJSONEncoder().encode(["x": Double.infinity]) }
    }
}
