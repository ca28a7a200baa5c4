import Foundation
import QuireEmbedding
import QuireSupport
import Testing

/// <repo>/models/all-MiniLM-L6-v2, or $QUIRE_MODEL_DIR (scripts/fetch-model.sh puts it there;
/// `make test` runs it first).
func modelDirectory() -> URL {
    if let dir = ProcessInfo.processInfo.environment["QUIRE_MODEL_DIR"], !dir.isEmpty {
        return URL(fileURLWithPath: dir, isDirectory: true)
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models/all-MiniLM-L6-v2", isDirectory: true)
}

/// One embedder for the whole test run (loading maps 90 MB). fp32 queries: the golden-exact
/// tests check the path that matches sentence-transformers; Int8Tests has its own int8 one.
let sharedEmbedder: Result<MiniLMEmbedder, Error> = Result { try MiniLMEmbedder(modelDirectory: modelDirectory(), queryPrecision: .fp32) }

func embedder() throws -> MiniLMEmbedder {
    do {
        return try sharedEmbedder.get()
    } catch {
        Issue.record("model not available (\(error)); run scripts/fetch-model.sh")
        throw error
    }
}

func fixture(_ name: String) throws -> Data {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
        throw QuireError(.modelMissing, "missing fixture \(name)")
    }
    return try Data(contentsOf: url)
}

struct Golden: Decodable {
    struct Item: Decodable {
        var text: String
        var input_ids: [Int32]
        var tokens: [String]
        var embedding: [Float]
    }
    struct Pair: Decodable {
        var a: Int
        var b: Int
        var cosine: Float
    }
    var items: [Item]
    var pairs: [Pair]

    static let shared: Golden = try! JSONDecoder().decode(Golden.self, from: fixture("golden.json"))
}

struct FineTokens: Decodable {
    struct Item: Decodable {
        var `case`: String
        var text: String
        var input_ids: [Int32]
        var tokens: [String]
    }
    var items: [Item]

    static let shared: FineTokens = try! JSONDecoder().decode(FineTokens.self, from: fixture("tokens-fine.json"))
}

func dot(_ a: [Float], _ b: [Float]) -> Float {
    var s: Float = 0
    for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
    return s
}

func cosine(_ a: [Float], _ b: [Float]) -> Float {
    dot(a, b) / (dot(a, a).squareRoot() * dot(b, b).squareRoot())
}
