import ArgumentParser
import Foundation
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
            let retriever = try Retriever.forCommand(indexPath: index)
            var options = retriever.index.options
            if let fusion { options.fusion = try FusionMethod.named(fusion) }
            let found = retriever.retrieve(q, k: max(1, k), collapsePages: collapse, options: options)
            if let reason = found.fallbackReason, retriever.embedder != nil { warn(reason) }
            let results = found.results
            if json {
                print(SearchResponse(query: q, tookMs: found.milliseconds, results: results).json())
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
            FileHandle.standardError.write(Data(String(format: "%d results in %.1f ms\n", results.count, found.milliseconds).utf8))
        } catch {
            throw fail(error)
        }
    }
}
