import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import QuireAnswer
import QuireEmbedding
import QuireIndex
import QuireSupport
import ServiceLifecycle
import UnixSignals

/// `quire serve`: loads the index and the model, then serves the site, search and answers.
///
///     let server = try QuireServer(configuration: config)
///     try await server.run()          // until SIGTERM/SIGINT; SIGHUP reloads the index
public final class QuireServer: Sendable {
    public let configuration: ServerConfiguration
    let logger: Logger
    let holder: EngineHolder
    let metrics = ServerMetrics()
    let httpClient: HTTPClient
    let cache = AnswerCache(capacity: 512)
    let provider: (any LLMProvider)?
    let embedder: (any Embedder)?

    /// Validates the configuration and loads the index (and model). Throws `QuireError`
    /// with a message that says what to fix.
    public convenience init(configuration: ServerConfiguration) throws {
        var logger = Logger(label: "quire.serve")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        try self.init(configuration: configuration, logger: logger)
    }

    public init(configuration: ServerConfiguration, logger: Logger) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        // The model policy (hash embedder for test indexes, MiniLM checked against the index, BM25
        // only when the model files are missing) is the Retriever's, the same as `quire search`.
        let retriever = try Retriever(indexFile: configuration.indexFile, modelDirectory: configuration.modelDirectory)
        if let reason = retriever.lexicalOnlyReason {
            logger.warning("model files missing: searching with BM25 only", metadata: ["reason": "\(reason)"])
        }
        embedder = retriever.embedder
        if let model = embedder as? MiniLMEmbedder {
            let kernel = model.queryPrecision == .int8 ? Int8Kernels.kernelName : "fp32"
            logger.info("query encoder ready", metadata: ["precision": "\(model.queryPrecision.rawValue)", "kernel": "\(kernel)"])
        }
        // The shared client needs no shutdown; each provider call has its own deadline.
        httpClient = HTTPClient.shared
        provider = configuration.llm.makeProvider(logger: logger)
        holder = EngineHolder(ServingIndex(
            retriever: retriever,
            answers: AnswerEngine(index: retriever.index, embedder: embedder, provider: provider, cache: cache, logger: logger)))
    }

    /// Loads and validates the index file again and swaps it in; on any error the old index
    /// keeps serving and the error is returned.
    public func reload() -> Result<String, Error> {
        do {
            let index = try SearchIndex(contentsOf: configuration.indexFile, expectedModelHash: embedder?.modelHash)
            let dimensions = holder.serving.index.metadata.dimensions
            guard index.metadata.dimensions == dimensions else {
                throw QuireError(.indexModel, "the new index has \(index.metadata.dimensions)-dimensional vectors, the loaded model makes \(dimensions)")
            }
            // A new retriever: the query cache of the old index goes with it.
            let retriever = Retriever(index: index, embedder: embedder, lexicalOnlyReason: holder.serving.retriever.lexicalOnlyReason)
            holder.swap(ServingIndex(
                retriever: retriever,
                answers: AnswerEngine(index: index, embedder: embedder, provider: provider, cache: cache, logger: logger)))
            metrics.reloads.increment()
            let m = index.metadata
            logger.info("index reloaded", metadata: ["chunks": "\(m.chunkCount)", "built": "\(m.buildTime)"])
            return .success("\(m.chunkCount) chunks, built \(m.buildTime)")
        } catch {
            metrics.reloadFailures.increment()
            logger.error("index reload refused; the old index keeps serving", metadata: ["error": "\(error)"])
            return .failure(error)
        }
    }

    /// The Hummingbird application (tests run it in their own `ServiceGroup`).
    /// `onRunning` gets the bound port.
    public func makeApplication(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let bodyTimeout = TimeAmount.seconds(Int64(configuration.bodyTimeoutSeconds))
        return Application(
            router: BaseURLRewrite(baseUrl: StaticFiles.baseURL(ofSite: configuration.siteDirectory), router: makeRouter()),
            // Slow clients: idle connections and unfinished request heads are closed after
            // idleTimeoutSeconds; bodies must arrive within bodyTimeoutSeconds.
            server: .http1(configuration: .init(additionalChannelHandlers: [RequestDeadlineHandler(bodyTimeout: bodyTimeout)],
                                                idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "quire"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then stops accepting connections and lets in-flight
    /// requests and answer streams finish (at most `shutdownGraceSeconds`). SIGHUP reloads.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await makeServiceGroup(onRunning: onRunning).run()
    }

    /// The service group `run()` runs: the application and the SIGHUP reloader, shut down
    /// gracefully on SIGTERM/SIGINT (or `triggerGracefulShutdown()`, which tests call) within
    /// `shutdownGraceSeconds`, after which the remaining streams are cancelled.
    public func makeServiceGroup(onRunning: @escaping @Sendable (Int) async -> Void = { _ in },
                                 signals: [UnixSignal] = [.sigterm, .sigint]) -> ServiceGroup {
        let app = makeApplication(onRunning: onRunning)
        var groupConfig = ServiceGroupConfiguration(
            services: [.init(service: app), .init(service: ReloadOnHangup(server: self))],
            gracefulShutdownSignals: signals, logger: logger)
        groupConfig.maximumGracefulShutdownDuration = .seconds(configuration.shutdownGraceSeconds)
        return ServiceGroup(configuration: groupConfig)
    }
}

/// Reloads the index on SIGHUP.
struct ReloadOnHangup: Service {
    let server: QuireServer

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            _ = server.reload()
        }
    }
}
