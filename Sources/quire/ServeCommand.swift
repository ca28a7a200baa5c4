import ArgumentParser
import Foundation
import QuireIndex
import QuireServer
import QuireSupport

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the site, search and answers over HTTP.",
        discussion: """
        Settings come from flags, then the environment, then the `server:` section of the \
        settings file (flags win). Environment: QUIRE_SITE, QUIRE_INDEX, QUIRE_MODEL_DIR, QUIRE_HOST, \
        QUIRE_PORT (or PORT), QUIRE_RATE_LIMIT, QUIRE_TRUSTED_PROXIES, QUIRE_CORS_ORIGINS, QUIRE_DATA_DIR, \
        QUIRE_SHUTDOWN_GRACE, QUIRE_MAX_BODY_BYTES, QUIRE_MAX_QUESTION_LENGTH, QUIRE_LLM_PROVIDER \
        (openai|anthropic|openai-compatible|none), QUIRE_LLM_BASE_URL, QUIRE_LLM_MODEL, QUIRE_LLM_TIMEOUT, \
        OPENAI_API_KEY / ANTHROPIC_API_KEY, QUIRE_ADMIN_TOKEN. SIGHUP reloads the index; SIGTERM/SIGINT \
        stop gracefully. See docs/http-api.md.
        """)
    @Option(help: "Settings file; its `server:` section is read (default: quire.yml when it exists).") var config: String?
    @Option(help: "Built site directory (default dist).") var site: String?
    @Option(help: "Index file (default <site>/index.qidx).") var index: String?
    @Option(help: "Model directory (default $QUIRE_MODEL_DIR or models/all-MiniLM-L6-v2).") var model: String?
    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default 8080; 0 picks a free one).") var port: String?
    @Option(name: .customLong("rate-limit"), help: "Requests per minute per client on the API (default 60; 0: off).") var rateLimit: String?
    @Option(name: .customLong("data-dir"), help: "Where questions and feedback are logged (default .quire-data).") var dataDir: String?
    @Option(name: .customLong("trusted-proxies"), help: "Comma-separated IPs whose X-Forwarded-For is believed.") var trustedProxies: String?
    @Option(name: .customLong("cors-origins"), help: "Comma-separated origins allowed by CORS (* for any).") var corsOrigins: String?
    @Option(name: .customLong("shutdown-grace"), help: "Seconds in-flight requests get on SIGTERM (default 10).") var shutdownGrace: String?
    @Option(name: .customLong("llm-provider"), help: "openai | anthropic | openai-compatible | none (default none).") var llmProvider: String?
    @Option(name: .customLong("llm-base-url"), help: "Provider base URL (e.g. http://127.0.0.1:11434/v1).") var llmBaseURL: String?
    @Option(name: .customLong("llm-model"), help: "Provider model name.") var llmModel: String?
    @Option(name: .customLong("llm-connect-timeout"), help: "Seconds to connect to the provider (default 2).") var llmConnectTimeout: String?
    @Option(name: .customLong("llm-first-token-timeout"), help: "Seconds to the first streamed word, or of silence mid-answer, before answering from the book (default 10).") var llmFirstTokenTimeout: String?
    @Option(name: .customLong("llm-retry-budget"), help: "Seconds of waiting between provider retries, in all (default 3).") var llmRetryBudget: String?
    @Option(name: .customLong("llm-circuit-failures"), help: "Failed answers in a row that stop asking the provider for a cool-down (default 3; 0 never).") var llmCircuitFailures: String?
    @Option(name: .customLong("llm-circuit-cooldown"), help: "Seconds answers come from the book after the circuit opens (default 30).") var llmCircuitCoolDown: String?
    @Option(name: .customLong("export-chunks"), help: .hidden) var exportChunks: String?

    /// The flags that were given, as the top settings layer.
    var flags: ServerSettings {
        var s = ServerSettings()
        let pairs: [(ServerSettings.Key, String?, String)] = [
            (.site, site, "--site"), (.index, index, "--index"), (.model, model, "--model"), (.host, host, "--host"),
            (.port, port, "--port"), (.rateLimit, rateLimit, "--rate-limit"), (.dataDir, dataDir, "--data-dir"),
            (.trustedProxies, trustedProxies, "--trusted-proxies"), (.corsOrigins, corsOrigins, "--cors-origins"),
            (.shutdownGraceSeconds, shutdownGrace, "--shutdown-grace"), (.llmProvider, llmProvider, "--llm-provider"),
            (.llmBaseUrl, llmBaseURL, "--llm-base-url"), (.llmModel, llmModel, "--llm-model"),
            (.llmConnectTimeoutSeconds, llmConnectTimeout, "--llm-connect-timeout"),
            (.llmFirstTokenTimeoutSeconds, llmFirstTokenTimeout, "--llm-first-token-timeout"),
            (.llmRetryBudgetSeconds, llmRetryBudget, "--llm-retry-budget"), (.llmCircuitFailures, llmCircuitFailures, "--llm-circuit-failures"),
            (.llmCircuitCoolDownSeconds, llmCircuitCoolDown, "--llm-circuit-cooldown"),
        ]
        for (key, value, name) in pairs { s.set(key, value, from: name) }
        return s
    }

    func run() async throws {
        do {
            let env = ProcessInfo.processInfo.environment
            var file = ServerSettings()
            if let config {
                file = try ServerSettings.file(contentsOf: URL(fileURLWithPath: config))
            } else if FileManager.default.fileExists(atPath: "quire.yml") {
                file = try ServerSettings.file(contentsOf: URL(fileURLWithPath: "quire.yml"))
            }
            let settings = file.overlaid(by: .environment(env)).overlaid(by: flags)
            let config = try settings.configuration(env: env)
            if let exportChunks {
                try Self.export(index: config.indexFile, to: exportChunks)
                return
            }
            let server = try QuireServer(configuration: config)
            let shownHost = config.host.contains(":") ? "[\(config.host)]" : config.host
            let llm = config.llm.description
            let limit = config.rateLimit == 0 ? "off" : "\(config.rateLimit)/min"
            try await server.run(onRunning: { port in
                FileHandle.standardError.write(Data("quire: serving on http://\(shownHost):\(port)  (answers: \(llm), rate limit: \(limit))\n".utf8))
            })
        } catch let e as QuireError {
            throw fail(e)
        }
    }

    /// Writes the index's chunks as JSON lines `{id, source, url, title, headings, text, body}`
    /// where `text` is what the embedder saw and `body` the chunk's text (for the benchmark's Python baseline).
    static func export(index: URL, to path: String) throws {
        let contents = try SearchIndex(contentsOf: index, expectedModelHash: nil).contents
        var out = ""
        for (i, c) in contents.chunks.enumerated() {
            let page = contents.pages[c.page]
            out += "{\"id\": \(i), \"source\": \(JSONText.string(page.source)), \"url\": \(JSONText.string(page.url + (c.anchor.map { "#" + $0 } ?? ""))), "
            out += "\"title\": \(JSONText.string(page.title)), \"headings\": [\(c.headings.map(JSONText.string).joined(separator: ", "))], "
            out += "\"text\": \(JSONText.string(contents.embeddedText(i))), \"body\": \(JSONText.string(c.text))}\n"
        }
        try Data(out.utf8).write(to: URL(fileURLWithPath: path))
        FileHandle.standardError.write(Data("quire: wrote \(contents.chunks.count) chunks to \(path)\n".utf8))
    }
}
