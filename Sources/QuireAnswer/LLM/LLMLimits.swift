/// How long Quire waits for a language model before it answers from the book alone.
///
/// A reader should never watch a spinner because the provider is down or asleep:
/// - `connect`: opening the TCP (and TLS) connection, DNS included. A refused connection or a
///   failed lookup fails at once; this bounds a host that does not answer at all.
/// - `firstToken`: from the request to the first streamed word of the answer, retries
///   included. It also bounds a stream that goes quiet: no new word for this long ends it.
/// - `total`: the whole answer, streamed text included.
/// - the retry budget is `RetryPolicy.budget`.
/// - `circuit`: after `failureThreshold` failed answers in a row, the model is not asked for
///   `coolDown` seconds; then one request probes it.
public struct LLMLimits: Sendable, Equatable {
    public var connect: Double
    public var firstToken: Double
    public var total: Double
    public var circuit: CircuitBreaker.Policy

    public init(connect: Double = 2, firstToken: Double = 10, total: Double = 120,
                circuit: CircuitBreaker.Policy = CircuitBreaker.Policy()) {
        self.connect = connect
        self.firstToken = firstToken
        self.total = total
        self.circuit = circuit
    }
}
