import HTTPTypes

/// Header names HTTPTypes does not define.
extension HTTPField.Name {
    /// The id of the request, on every response (it is in the server's log line too).
    static let xRequestID = HTTPField.Name("X-Request-Id")!
    /// Client hops added by reverse proxies (believed only from `trustedProxies`).
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    /// Tells nginx not to buffer an event stream.
    static let xAccelBuffering = HTTPField.Name("X-Accel-Buffering")!
}
