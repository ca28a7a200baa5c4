import ArgumentParser

struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Describe an index file.")
    @Argument(help: "Index file.") var file = "dist/index.qidx"
    func run() async throws { throw notYetBuilt("inspect") }
}
