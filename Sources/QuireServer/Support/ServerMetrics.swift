import Prometheus
import QuireEmbedding
import QuireAnswer
import Synchronization

/// Prometheus metrics of one server (its own registry, so tests can run several servers).
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5), .seconds(10), .seconds(30),
    ]
    let retrieval: DurationHistogram
    let llm: DurationHistogram
    let cacheHits: Counter
    let cacheMisses: Counter
    let rateLimited: Counter
    let tokensIn: Counter
    let tokensOut: Counter
    let fallbacks: Counter
    let reloads: Counter
    let reloadFailures: Counter

    init() {
        func d(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "quire", metricName: name, unitName: unit, helpText: help)
        }
        retrieval = registry.makeDurationHistogram(descriptor: d("retrieval_duration", "seconds", "Query embedding and search time."),
                                                   labels: [], buckets: Self.latencyBuckets)
        llm = registry.makeDurationHistogram(descriptor: d("llm_duration", "seconds", "Time spent streaming from the LLM provider."),
                                             labels: [], buckets: Self.latencyBuckets)
        cacheHits = registry.makeCounter(descriptor: d("answer_cache_hits", "total", "Answers served from the cache."))
        cacheMisses = registry.makeCounter(descriptor: d("answer_cache_misses", "total", "Answers computed."))
        rateLimited = registry.makeCounter(descriptor: d("rate_limited_requests", "total", "Requests answered 429."))
        tokensIn = registry.makeCounter(descriptor: d("llm_tokens", "total", "LLM tokens."), labels: [("kind", "input")])
        tokensOut = registry.makeCounter(descriptor: d("llm_tokens", "total", "LLM tokens."), labels: [("kind", "output")])
        fallbacks = registry.makeCounter(descriptor: d("llm_fallbacks", "total", "Answers that fell back to extractive after a provider error."))
        reloads = registry.makeCounter(descriptor: d("index_reloads", "total", "Successful index reloads."))
        reloadFailures = registry.makeCounter(descriptor: d("index_reload_failures", "total", "Index reloads refused (the old index kept serving)."))
    }

    func request(route: String, method: String, status: Int, seconds: Double) {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "quire", metricName: "http_requests", unitName: "total", helpText: "HTTP requests."),
                             labels: [("route", route), ("method", method), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "quire", metricName: "http_request_duration", unitName: "seconds", helpText: "HTTP request latency (to the response head for streams)."),
                                       labels: [("route", route)], buckets: Self.latencyBuckets)
            .record(.nanoseconds(Int64(seconds * 1e9)))
    }

    /// The LLM circuit breaker (docs/llm-failures.md) as `quire_llm_circuit_state` (0 closed,
    /// 1 open, 2 half-open) and `quire_llm_circuit_opened_total`, read at scrape time; nothing
    /// when no provider is configured.
    func circuit(_ snapshot: CircuitBreaker.Snapshot?) {
        guard let snapshot else { return }
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "quire", metricName: "llm_circuit_state", unitName: "",
                                                            helpText: "LLM circuit breaker: 0 closed, 1 open (answers from the book), 2 half-open (probing)."))
            .set(Int64(snapshot.state.gaugeValue))
        let opened = registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "quire", metricName: "llm_circuit_opened", unitName: "total",
                                                                          helpText: "Times the LLM circuit breaker opened after repeated provider failures."))
        circuitOpenedSeen.withLock { seen in
            if snapshot.opened > seen {
                opened.increment(by: Int64(snapshot.opened - seen))
                seen = snapshot.opened
            }
        }
    }

    private let circuitOpenedSeen = Mutex(0)

    /// The query encoder of the index in use (cache and micro-batching), read at scrape time.
    /// Gauges, since each loaded index starts a new encoder (a reload empties the cache).
    func queryEncoder(_ stats: QueryEncoder.Stats?) {
        guard let stats else { return }
        func gauge(_ name: String, _ help: String, _ value: Int) {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "quire", metricName: name, unitName: "",
                                                                helpText: help + " (since the index was loaded)."))
                .set(Int64(value))
        }
        gauge("query_cache_hits", "Search queries whose vector came from the query cache", stats.cacheHits)
        gauge("query_cache_misses", "Search queries encoded by the model", stats.cacheMisses)
        gauge("query_encoder_passes", "Encoder passes run for search queries (a pass may carry a micro-batch)", stats.passes)
        gauge("query_encoder_queries", "Search queries carried by those passes", stats.encodedQueries)
        gauge("query_encoder_largest_batch", "Most queries encoded in one pass", stats.largestBatch)
    }

    func text() -> String { registry.emitToString() }
}
