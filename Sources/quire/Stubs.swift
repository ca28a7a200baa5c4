import ArgumentParser

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the site, search and answers over HTTP.")
    @Option(help: "Built site directory.") var site = "dist"
    @Option(help: "Index file (default <site>/index.qidx).") var index: String?
    @Option(help: "Model directory.") var model: String?
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(name: .customLong("rate-limit"), help: "Requests per minute per client (0: off).") var rateLimit = 60
    func run() async throws { throw notYetBuilt("serve") }
}

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Search the index.")
    @Option(help: "Index file.") var index = "dist/index.qidx"
    @Option(name: .short, help: "Number of results.") var k = 5
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The query.") var query: [String]
    func run() async throws { throw notYetBuilt("search") }
}

struct Ask: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Answer a question from the book.")
    @Option(help: "Index file.") var index = "dist/index.qidx"
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The question.") var question: [String]
    func run() async throws { throw notYetBuilt("ask") }
}

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure retrieval on a question set.")
    @Option(help: "Index file.") var index = "dist/index.qidx"
    @Option(help: "Questions, JSON lines.") var questions: String
    @Option(name: .short, help: "Depth.") var k = 10
    @Flag(help: "Print JSON.") var json = false
    func run() async throws { throw notYetBuilt("eval") }
}

struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Describe an index file.")
    @Argument(help: "Index file.") var file = "dist/index.qidx"
    func run() async throws { throw notYetBuilt("inspect") }
}

struct Embed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print MiniLM embeddings of texts.")
    @Option(help: "Model directory.") var model: String?
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "Texts.") var texts: [String]
    func run() async throws { throw notYetBuilt("embed") }
}

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the static site and the index.")
    @Option(help: "Docs root (Docusaurus layout).") var content = "content/docs"
    @Option(help: "Output directory.") var out = "dist"
    @Option(help: "Site settings.") var config = "quire.yml"
    @Option(help: "Model directory.") var model: String?
    @Option(help: "Broken links: error or warn.") var links = "error"
    @Flag(name: .customLong("no-index"), help: "Build the site only.") var noIndex = false
    func run() async throws { throw notYetBuilt("build") }
}
