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
