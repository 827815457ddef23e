import NIOCore

/// Sits in a connection's channel in front of PostgresNIO's handlers (behind TLS, when there is TLS). It passes
/// everything through, except while a pipeline of its own is in flight: then it writes the pipeline's messages in one
/// write and reads every reply itself, up to the `ReadyForQuery` that ends it, so PostgresNIO (idle on that
/// connection, which its lease guarantees) never sees them.
///
/// All state is touched on the channel's event loop only.
final class PipelineHandler: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private struct Capture {
        var promise: EventLoopPromise<PipelineReplies>
        var pending: ByteBuffer?
        var replies = PipelineReplies()
    }

    private var context: ChannelHandlerContext?
    private var capture: Capture?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        fail(DatabaseUnavailableError.connectionClosed)
    }

    /// Writes `messages` (ending with `Sync`) and completes `promise` with the replies. On the event loop.
    func send(_ messages: ByteBuffer, promise: EventLoopPromise<PipelineReplies>) {
        guard let context, context.channel.isActive, capture == nil else {
            promise.fail(DatabaseUnavailableError.connectionClosed)
            return
        }
        capture = Capture(promise: promise)
        context.writeAndFlush(wrapOutboundOut(messages), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard var state = capture else {
            context.fireChannelRead(data)
            return
        }
        // Taken out while it is worked on, so the bytes of a message still arriving stay uniquely referenced and
        // grow in place (no copy of everything received so far at each read of a large result).
        capture = nil
        var bytes = unwrapInboundIn(data)
        if var pending = state.pending {
            state.pending = nil
            pending.writeBuffer(&bytes)
            bytes = pending
        }
        // Whole messages: a type byte, then a length that counts itself.
        while bytes.readableBytes >= 5 {
            guard let length = bytes.getInteger(at: bytes.readerIndex + 1, as: Int32.self), length >= 4 else {
                state.promise.fail(DatabaseUnavailableError.connectionClosed)
                context.close(promise: nil)
                return
            }
            guard bytes.readableBytes >= Int(length) + 1 else { break }
            let type = bytes.readInteger(as: UInt8.self)!
            bytes.moveReaderIndex(forwardBy: 4)
            var body = bytes.readSlice(length: Int(length) - 4)!
            if state.replies.take(type: type, body: &body) {
                state.promise.succeed(state.replies)
                // Anything after ReadyForQuery is PostgresNIO's again (asynchronous notices).
                if bytes.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(bytes)) }
                return
            }
        }
        state.pending = bytes.readableBytes > 0 ? bytes : nil
        capture = state
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(DatabaseUnavailableError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(DatabaseUnavailableError.connectionClosed)
        context.fireErrorCaught(error)
    }

    private func fail(_ error: any Error) {
        guard let state = capture else { return }
        capture = nil
        state.promise.fail(error)
    }
}
