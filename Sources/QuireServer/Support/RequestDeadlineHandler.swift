import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Slow clients (slowloris) may not hold a connection: a request whose body has not fully
/// arrived `bodyTimeout` after its head gets `408 Request Timeout` and the connection is
/// closed, however steadily the client drips bytes. (Connections that send nothing, or have not
/// finished their request head, are closed by Hummingbird's `idleTimeout`: the head is one part,
/// delivered only when complete.) Sits between the HTTP codec and the application.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    let bodyTimeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var timedOut = false

    init(bodyTimeout: TimeAmount) { self.bodyTimeout = bodyTimeout }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if timedOut { return }  // the rest of a body that came too late
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(in: bodyTimeout) {
                let (handler, context) = loopBound.value
                handler.expire(context)
            }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    private func expire(_ context: ChannelHandlerContext) {
        deadline = nil
        timedOut = true
        let head = HTTPResponse(status: .requestTimeout, headerFields: [.connection: "close", .contentLength: "0"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        // The route reading the body sees an error, not a body cut short.
        context.fireErrorCaught(RequestBodyTimeout())
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }
}

/// The request body did not arrive within the body timeout (the client got a 408).
struct RequestBodyTimeout: Error {}
