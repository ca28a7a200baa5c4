import AsyncHTTPClient
import NIOCore
import Synchronization

/// The HTTP clients that talk to language models, one per connect timeout, alive for the
/// whole process (so never shut down, like `HTTPClient.shared`).
///
/// They differ from `HTTPClient.shared` in the one way that matters when a provider is down:
/// the connection pool does not retry a failed connection (`retryConnectionEstablishment`
/// off). With it on, a refused connection is retried with backoff until the request's
/// deadline, and a reader waited minutes for an answer the book had in milliseconds.
/// Connection errors now reach `StreamingClient` at once, and it decides.
enum LLMHTTPClient {
    private static let clients = Mutex<[Int64: HTTPClient]>([:])

    static func shared(connectTimeout seconds: Double) -> HTTPClient {
        let timeout = TimeAmount.milliseconds(Int64((seconds * 1000).rounded()))
        return clients.withLock { clients in
            if let client = clients[timeout.nanoseconds] { return client }
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration(connectTimeout: timeout))
            clients[timeout.nanoseconds] = client
            return client
        }
    }

    static func configuration(connectTimeout: TimeAmount) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        // Reads are bounded per answer by ResilientProvider (first token, quiet stream, total).
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: connectTimeout, read: nil)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        return configuration
    }
}
