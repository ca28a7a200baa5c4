import ArgumentParser

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Search the index.")
    @Option(help: "Index file.") var index = "dist/index.qidx"
    @Option(name: .short, help: "Number of results.") var k = 5
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The query.") var query: [String]
    func run() async throws { throw notYetBuilt("search") }
}
