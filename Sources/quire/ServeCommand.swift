import ArgumentParser
import Foundation
import QuireServer
import QuireSupport

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the site, search and answers over HTTP.",
        discussion: """
        Environment: QUIRE_RATE_LIMIT, QUIRE_LLM_PROVIDER (openai|anthropic|openai-compatible|none), \
        QUIRE_LLM_BASE_URL, QUIRE_LLM_MODEL, OPENAI_API_KEY / ANTHROPIC_API_KEY, QUIRE_TRUSTED_PROXIES, \
        QUIRE_CORS_ORIGINS, QUIRE_ADMIN_TOKEN, QUIRE_DATA_DIR. SIGHUP reloads the index.
        """)
    @Option(help: "Built site directory.") var site = "dist"
    @Option(help: "Index file (default <site>/index.qidx).") var index: String?
    @Option(help: "Model directory.") var model: String?
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(name: .customLong("rate-limit"), help: "Requests per minute per client (0: off).") var rateLimit = 60
    @Option(name: .customLong("data-dir"), help: "Where questions and feedback are logged (default $QUIRE_DATA_DIR or .quire-data).") var dataDir: String?

    func run() async throws {
        do {
            let siteURL = URL(fileURLWithPath: site)
            var config = ServerConfiguration(
                siteDirectory: siteURL,
                indexFile: index.map { URL(fileURLWithPath: $0) } ?? siteURL.appendingPathComponent("index.qidx"),
                modelDirectory: model.map { URL(fileURLWithPath: $0) }, host: host, port: port, rateLimit: rateLimit,
                dataDirectory: URL(fileURLWithPath: ".quire-data"))
            let env = ProcessInfo.processInfo.environment
            try config.applyEnvironment(env)
            // An explicit flag wins over the environment.
            if CommandLine.arguments.contains(where: { $0 == "--rate-limit" || $0.hasPrefix("--rate-limit=") }) { config.rateLimit = rateLimit }
            if let dataDir { config.dataDirectory = URL(fileURLWithPath: dataDir) }
            let server = try QuireServer(configuration: config)
            let shownHost = host.contains(":") ? "[\(host)]" : host
            let llm = config.llm.description
            let limit = config.rateLimit == 0 ? "off" : "\(config.rateLimit)/min"
            try await server.run(onRunning: { port in
                FileHandle.standardError.write(Data("quire: serving on http://\(shownHost):\(port)  (answers: \(llm), rate limit: \(limit))\n".utf8))
            })
        } catch let e as QuireError {
            throw fail(e)
        }
    }
}
