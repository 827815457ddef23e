import NIOCore
import NIOSSL

/// Hands the server's replies to the client one at a time, each wait bounded by a timeout. Lives on the channel's
/// event loop: every method is called there. A failure (timeout, lost connection, TLS error) fails the waiting
/// reply and every later one, and closes the channel.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    private var buffered = CircularBuffer<SMTPReply>()
    private var waiting: (promise: EventLoopPromise<SMTPReply>, timeout: Scheduled<Void>)?
    private var failure: SMTPError?
    private var context: ChannelHandlerContext?
    /// The step whose reply is awaited, for the error of a connection lost meanwhile.
    private var step = "greeting"

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// The next reply, or a timeout error after `timeout`.
    func next(timeout: TimeAmount, step: String, eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        self.step = step
        if let reply = buffered.popFirst() { return eventLoop.makeSucceededFuture(reply) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        precondition(waiting == nil, "one reply awaited at a time")
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let scheduled = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            let seconds = Double(timeout.nanoseconds) / 1e9
            fail(SMTPError(.timeout, step: step, message: "no reply within \(seconds) s", isRetryable: true))
        }
        waiting = (promise, scheduled)
        return promise.futureResult
    }

    /// Replies that arrived before they were asked for (a server must not send any after STARTTLS's 220).
    var hasBufferedReplies: Bool { !buffered.isEmpty }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let (promise, timeout) = waiting {
            waiting = nil
            timeout.cancel()
            promise.succeed(reply)
        } else {
            buffered.append(reply)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError(.connection, step: step, message: "the server closed the connection", isRetryable: true))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.map(error, step: step))
    }

    /// Fails the waiting reply and every later one, and closes the connection.
    func fail(_ error: SMTPError) {
        guard failure == nil else { return }
        failure = error
        if let (promise, timeout) = waiting {
            waiting = nil
            timeout.cancel()
            promise.fail(error)
        }
        context?.close(promise: nil)
    }

    /// A channel error as an `SMTPError`: TLS failures are permanent (an untrusted certificate will not become
    /// trusted), everything else is a lost connection.
    static func map(_ error: any Error, step: String) -> SMTPError {
        if let error = error as? SMTPError { return error }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            return SMTPError(.tls, step: step, message: "TLS failed: \(error)", isRetryable: false)
        }
        return SMTPError(.connection, step: step, message: "the connection failed: \(error)", isRetryable: true)
    }
}
