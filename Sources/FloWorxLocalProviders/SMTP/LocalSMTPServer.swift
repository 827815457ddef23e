import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A small ESMTP server on loopback (RFC 5321): EHLO/HELO, optional required AUTH PLAIN/LOGIN, MAIL FROM, RCPT TO,
/// DATA with dot-unstuffing, RSET, NOOP, QUIT, a SIZE limit. It keeps every accepted message (envelope and bytes) in
/// memory. Plaintext only: STARTTLS is refused with 454 (TLS is tested against aiosmtpd, a real server).
///
/// Tests send through `SMTPClient` and read `messages()`; the demo runs it as the local mailbox that alerts arrive in
/// and exposes it over HTTP with `startHTTP(port:)` (`GET /_local/smtp/messages`, see `LocalSMTPServer+LocalAPI`).
/// Faults for tests (a silent server, a 4xx at a step, refused recipients) are switched with `update(_:)`.
public final class LocalSMTPServer: Sendable {
    struct State: Sendable {
        var configuration: LocalSMTPConfiguration
        var messages: [LocalSMTPMessage] = []
        var nextId = 1
        var listener: (any Channel)?
        var sessions: [ObjectIdentifier: any Channel] = [:]
        var http: LocalHTTPServer?
    }

    let state: Mutex<State>

    public init(configuration: LocalSMTPConfiguration = LocalSMTPConfiguration()) {
        state = Mutex(State(configuration: configuration))
    }

    /// The settings now in force.
    public var configuration: LocalSMTPConfiguration { state.withLock { $0.configuration } }

    /// Changes settings (faults included) for the sessions' next commands.
    public func update(_ change: (inout LocalSMTPConfiguration) -> Void) {
        state.withLock { change(&$0.configuration) }
    }

    /// Starts listening; returns the port (the configured one, or the one picked for port 0).
    @discardableResult
    public func start() async throws -> Int {
        let configuration = self.configuration
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(LocalSMTPSession(server: self))
                }
            }
        let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        state.withLock { $0.listener = channel }
        guard let port = channel.localAddress?.port else { throw LocalProviderError.couldNotStart("local SMTP") }
        return port
    }

    /// The port listened on, once started.
    public var port: Int? { state.withLock { $0.listener?.localAddress?.port } }

    /// Stops listening, closes open sessions and the HTTP face.
    public func stop() async {
        let (listener, sessions, http) = state.withLock { state in
            defer { state.listener = nil; state.sessions = [:]; state.http = nil }
            return (state.listener, Array(state.sessions.values), state.http)
        }
        try? await listener?.close()
        for session in sessions { try? await session.close() }
        await http?.stop()
    }

    /// Every accepted message, oldest first.
    public func messages() -> [LocalSMTPMessage] { state.withLock { $0.messages } }

    /// One accepted message by id.
    public func message(id: String) -> LocalSMTPMessage? { state.withLock { $0.messages.first { $0.id == id } } }

    /// Forgets every message.
    public func removeAll() { state.withLock { $0.messages = [] } }

    // MARK: Sessions

    func opened(_ channel: any Channel) { state.withLock { $0.sessions[ObjectIdentifier(channel)] = channel } }
    func closed(_ channel: any Channel) { _ = state.withLock { $0.sessions.removeValue(forKey: ObjectIdentifier(channel)) } }

    /// Keeps a message; returns its id.
    func store(mailFrom: String, recipients: [String], raw: [UInt8], user: String?) -> String {
        state.withLock { state in
            let id = String(state.nextId)
            state.nextId += 1
            state.messages.append(LocalSMTPMessage(id: id, mailFrom: mailFrom, recipients: recipients, raw: raw, receivedAt: Date(), authenticatedUser: user))
            return id
        }
    }
}
