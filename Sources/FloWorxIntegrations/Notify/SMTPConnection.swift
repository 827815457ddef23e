import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP session's connection: writes command lines, waits for replies with a timeout, upgrades to TLS.
struct SMTPConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>

    /// Opens a TCP connection (with TLS from the first byte when `tls` is given) and returns once it is open.
    static func connect(
        host: String, port: Int, tls: NIOSSLContext?, serverHostname: String?, group: any EventLoopGroup, timeout: Duration
    ) async throws(SMTPError) -> SMTPConnection {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(timeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            if case ChannelError.connectTimeout = error {
                throw SMTPError(.timeout, step: "connect", message: "no connection to \(host):\(port) within \(timeout)", isRetryable: true)
            }
            throw SMTPError(.connection, step: "connect", message: "cannot connect to \(host):\(port): \(error)", isRetryable: true)
        }
        do {
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: channel.eventLoop)
            }.get()
            return SMTPConnection(channel: channel, handler: handler)
        } catch {
            try? await channel.close()
            throw SMTPError(.connection, step: "connect", message: "the connection closed at once", isRetryable: true)
        }
    }

    /// The next reply; a timeout, lost connection or TLS failure as an `SMTPError`.
    func reply(step: String, timeout: Duration) async throws(SMTPError) -> SMTPReply {
        let handler = self.handler
        let loop = channel.eventLoop
        do {
            return try await loop.flatSubmit {
                handler.value.next(timeout: TimeAmount(timeout), step: step, eventLoop: loop)
            }.get()
        } catch {
            throw SMTPReplyHandler.map(error, step: step)
        }
    }

    /// Writes `line` and CRLF. A write failure closes the connection, which fails the next reply.
    func send(_ line: String) {
        write(Array(line.utf8) + [13, 10])
    }

    /// Writes bytes as they are.
    func write(_ bytes: [UInt8]) {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let channel = self.channel
        promise.futureResult.whenFailure { _ in channel.close(promise: nil) }
        channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: promise)
    }

    /// Sends a command and waits for its reply.
    func command(_ line: String, step: String, timeout: Duration) async throws(SMTPError) -> SMTPReply {
        send(line)
        return try await reply(step: step, timeout: timeout)
    }

    /// Starts TLS on the open connection (after the server's 220 to STARTTLS). The handshake runs with the next
    /// command; its failure fails that command's reply.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws(SMTPError) {
        let handler = self.handler
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                // Replies the server sent before the handshake would be plaintext injected ahead of TLS (CVE-2011-0411).
                guard !handler.value.hasBufferedReplies else {
                    throw SMTPError(.tls, step: "STARTTLS", message: "the server sent data before the TLS handshake", isRetryable: false)
                }
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: context, serverHostname: serverHostname), position: .first)
            }.get()
        } catch {
            throw SMTPReplyHandler.map(error, step: "STARTTLS")
        }
    }

    /// Closes the connection (idempotent).
    func close() async {
        try? await channel.close()
    }
}
