import HTTPTypes
import Hummingbird
import NIOCore

/// Request context of the server: knows the peer's address (rate limiting, logs) and answers
/// `ResponseEncodable` values as contract JSON (`ContractJSONResponseEncoder`).
public struct QuireRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    public var responseEncoder: ContractJSONResponseEncoder { ContractJSONResponseEncoder() }
}
