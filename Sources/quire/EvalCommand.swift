import ArgumentParser

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure retrieval on a question set.")
    @Option(help: "Index file.") var index = "dist/index.qidx"
    @Option(help: "Questions, JSON lines.") var questions: String
    @Option(name: .short, help: "Depth.") var k = 10
    @Flag(help: "Print JSON.") var json = false
    func run() async throws { throw notYetBuilt("eval") }
}
