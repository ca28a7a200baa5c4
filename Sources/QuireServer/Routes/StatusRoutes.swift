import HTTPTypes
import Hummingbird

/// `GET|HEAD /api/health` (liveness), `GET|HEAD /api/ready` (what is loaded), `GET /metrics`
/// (Prometheus text). None of them is rate limited.
struct StatusRoutes {
    typealias Context = QuireRequestContext
    let engines: EngineHolder
    let metrics: ServerMetrics

    func add(api: some RouterMethods<Context>, root: some RouterMethods<Context>) {
        api.get("health") { _, _ in HealthStatus() }
        api.head("health") { request, context in try HealthStatus().response(from: request, context: context).createHeadResponse() }
        api.get("ready") { _, _ in ready() }
        api.head("ready") { request, context in try ready().response(from: request, context: context).createHeadResponse() }
        root.get("metrics") { _, _ in
            metrics.circuit(engines.engine.provider?.circuit?.snapshot)
            metrics.queryEncoder(engines.serving.retriever.queryEncoder?.stats)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text())))
        }
    }

    func ready() -> ReadyStatus {
        let engine = engines.engine
        let m = engine.index.metadata
        return ReadyStatus(book: m.bookTitle, pages: m.pageCount, chunks: m.chunkCount,
                           embedder: engine.embedder?.id ?? "none (lexical only)", indexBuilt: m.buildTime,
                           llm: engine.provider.map { "\($0.name)/\($0.model)" } ?? "none",
                           llmCircuit: engine.provider?.circuit.map { LLMCircuitStatus($0.snapshot) })
    }
}
