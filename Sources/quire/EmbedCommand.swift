import ArgumentParser

struct Embed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print MiniLM embeddings of texts.")
    @Option(help: "Model directory.") var model: String?
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "Texts.") var texts: [String]
    func run() async throws { throw notYetBuilt("embed") }
}
