import ArgumentParser
import Foundation
import QuireEmbedding
import QuireIndex
import QuireSupport

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Search the index.")
    @Option(help: "Index file.") var index = "dist/index.qidx"
    @Option(name: .short, help: "Number of results.") var k = 5
    @Flag(help: "Print JSON.") var json = false
    @Option(help: ArgumentHelp("Fusion: mix, rrf, bm25 or dense (for measurements).", visibility: .hidden)) var fusion: String?
    @Flag(help: ArgumentHelp("One result per page.", visibility: .hidden)) var collapse = false
    @Argument(help: "The query.") var query: [String]

    func run() async throws {
        do {
            let q = query.joined(separator: " ")
            let engine = try QueryEngine(indexPath: index)
            var options = engine.index.options
            if let fusion { options.fusion = try QueryEngine.fusion(fusion) }
            let start = DispatchTime.now().uptimeNanoseconds
            let vector = try engine.embed(q)
            let results = engine.index.search(q, queryVector: vector, k: max(1, k), collapsePages: collapse, options: options)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            if json {
                print(SearchResponse(query: q, tookMs: ms, results: results).json())
                return
            }
            if results.isEmpty { print("no results for \"\(q)\"") }
            for r in results {
                let path = ([r.title] + r.headings).joined(separator: " › ")
                print("\(r.rank). \(path)  (\(String(format: "%.3f", r.score)))")
                print("   \(r.url)  [\(r.source)]")
                let snippet = r.text.split(whereSeparator: \.isNewline).joined(separator: " ")
                print("   " + (snippet.count > 240 ? snippet.prefix(240) + "…" : snippet))
            }
            FileHandle.standardError.write(Data(String(format: "%d results in %.1f ms\n", results.count, ms).utf8))
        } catch {
            throw fail(error)
        }
    }
}

/// An index and the embedder that makes query vectors for it (shared by search and eval).
struct QueryEngine {
    let index: SearchIndex
    /// nil: lexical search only (the model is missing; a warning was printed).
    let embedder: (any Embedder)?
    let miniLM: MiniLMEmbedder?

    init(indexPath: String) throws {
        let url = URL(fileURLWithPath: indexPath)
        let idx = try SearchIndex(contentsOf: url, expectedModelHash: nil)
        let meta = idx.metadata
        index = idx
        switch meta.embedderID {
        case HashEmbedder(dimensions: meta.dimensions).id:
            embedder = HashEmbedder(dimensions: meta.dimensions)
            miniLM = nil
        default:
            do {
                let m = try MiniLMEmbedder(modelDirectory: MiniLMEmbedder.defaultModelDirectory())
                guard m.modelHash == meta.modelHash else {
                    throw QuireError("index-model", "the index was built with model \(meta.embedderID) (hash \(meta.modelHash)) but \(m.modelDirectory.path) has hash \(m.modelHash); rebuild the index with `quire build` or set QUIRE_MODEL_DIR to the model it was built with", file: indexPath)
                }
                embedder = m
                miniLM = m
            } catch let e as QuireError where e.code == "model-missing" {
                FileHandle.standardError.write(Data("warning: \(e.message)\nwarning: searching with BM25 only\n".utf8))
                embedder = nil
                miniLM = nil
            }
        }
    }

    func embed(_ text: String) throws -> [Float] {
        if let miniLM { return try miniLM.embedQuery(text) }
        guard let embedder else { return [] }
        return try embedder.embed([text])[0]
    }

    static func fusion(_ name: String) throws -> FusionMethod {
        guard let f = FusionMethod(rawValue: name) else {
            throw ValidationError("unknown fusion '\(name)': use \(FusionMethod.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return f
    }
}
