import ArgumentParser

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
