import ArgumentParser

struct Ask: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Answer a question from the book.")
    @Option(help: "Index file.") var index = "dist/index.qidx"
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The question.") var question: [String]
    func run() async throws { throw notYetBuilt("ask") }
}
