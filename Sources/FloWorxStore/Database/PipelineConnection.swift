import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// One connection of `PipelinedReads`: PostgresNIO logs in (password, SCRAM, TLS) over a channel FloWorx opened, and
/// a `PipelineHandler` in front of PostgresNIO's handlers lets a data API read go out as one pipeline.
///
/// A read is `Bind`/`Execute` of the role-and-claims statement, `Bind`/`Execute` of the read, `Sync`: one write and
/// one round trip. Everything before `Sync` is one implicit transaction, so the `set_config(..., true)` settings hold
/// for the read and end with it, on success and on error alike, exactly as in `BEGIN … COMMIT`.
final class PipelineConnection: Sendable {
    let postgres: PostgresConnection
    let handler: PipelineHandler
    let eventLoop: any EventLoop
    /// The backend's process id, to cancel its statement when the client goes.
    let backend: Int32

    /// Statements prepared on this connection by SQL text, least recently used first out (as `PreparedStatements`).
    private struct Names {
        var names: [String: (name: String, lastUse: UInt64)] = [:]
        var clock: UInt64 = 0
        var next = 0
    }

    private let names = Mutex(Names())
    static let claimsName = "floworx_pipe_claims"

    var isClosed: Bool { postgres.isClosed }

    private init(postgres: PostgresConnection, handler: PipelineHandler, eventLoop: any EventLoop, backend: Int32) {
        self.postgres = postgres
        self.handler = handler
        self.eventLoop = eventLoop
        self.backend = backend
    }

    /// Opens a connection to `info` and prepares the claims statement on it.
    static func connect(_ info: DatabaseConnectionInfo, id: Int, logger: Logger) async throws -> PipelineConnection {
        let connected: PostgresConnection
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(info.connectTimeout.milliseconds))
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .connect(host: info.host, port: info.port).get()
            let configuration = info.connectionConfiguration
            connected = try await PostgresConnection.connect(
                on: channel.eventLoop,
                configuration: .init(establishedChannel: channel, tls: configuration.tls, username: info.username, password: info.password, database: info.database),
                id: id, logger: logger
            )
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw PostgresErrorText.connectionError(error, connecting: info)
        }
        do {
            var backend: Int32 = 0
            for try await pid in try await connected.query("SELECT pg_backend_pid()", logger: logger).decode(Int32.self) { backend = pid }
            let handler = PipelineHandler()
            // Behind TLS when PostgresNIO negotiated it (the handler reads plain protocol bytes), else first.
            try await channel.eventLoop.submit {
                let operations = channel.pipeline.syncOperations
                if let tls = try? operations.handler(type: NIOSSLClientHandler.self) {
                    try operations.addHandler(handler, position: .after(tls))
                } else {
                    try operations.addHandler(handler, position: .first)
                }
            }.get()
            let connection = PipelineConnection(postgres: connected, handler: handler, eventLoop: channel.eventLoop, backend: backend)
            var messages = channel.allocator.buffer(capacity: 512)
            PipelineWire.parse(&messages, name: claimsName, sql: SetRequestClaims.sql, types: Array(repeating: PipelineWire.textType, count: 5))
            PipelineWire.sync(&messages)
            let replies = try await connection.send(messages)
            if let error = replies.error { throw error }
            return connection
        } catch {
            try? await connected.close()
            throw error
        }
    }

    /// Runs `statement` with the role and claims of `settings`, in one round trip; with `cancellation`, the statement is
    /// cancelled if the client disconnects while it runs.
    func read(_ statement: RestStatement, settings: SetRequestClaims, cancellation: (ClientLiveness, StatementCanceller)?) async throws -> RestResult {
        try postgres.ensureOpen()
        var messages = ByteBufferAllocator().buffer(capacity: 512 + statement.sql.utf8.count)
        let (name, isNew, evicted) = statementName(statement.sql)
        if let evicted { PipelineWire.close(&messages, statement: evicted) }
        PipelineWire.bind(&messages, statement: Self.claimsName, values: [settings.role, settings.claims, settings.subject, settings.planMode, settings.statementTimeout])
        PipelineWire.execute(&messages)
        let parameters = PipelineWire.parameters(statement.binds)
        if isNew { PipelineWire.parse(&messages, name: name, sql: statement.sql, types: parameters.types) }
        PipelineWire.bind(&messages, statement: name, values: parameters.values)
        PipelineWire.execute(&messages)
        PipelineWire.sync(&messages)

        let guardian = cancellation.map { StatementCancelGuard(liveness: $0.0, backend: backend, canceller: $0.1) }
        let replies: PipelineReplies
        do {
            replies = try await send(messages)
        } catch {
            await guardian?.finish()
            forget(name)
            // The protocol state is unknown: the connection is not used again.
            try? await postgres.close()
            throw error
        }
        await guardian?.finish()
        if isNew && replies.parsed == 0 { forget(name) }
        if let error = replies.error { throw error }
        guard replies.results.count == 2, let row = replies.results[1].first else {
            return RestResult(body: ByteBuffer(string: "[]"), rowCount: 0, total: nil)
        }
        let count = row.count > 1 ? row[1].map { String(buffer: $0) } : nil
        let total = row.count > 2 ? row[2].map { String(buffer: $0) } : nil
        return RestResult(body: row[0], rowCount: count.flatMap { Int($0) } ?? 0, total: total.flatMap { Int($0) })
    }

    func send(_ messages: ByteBuffer) async throws -> PipelineReplies {
        let promise = eventLoop.makePromise(of: PipelineReplies.self)
        let handler = handler
        eventLoop.execute { handler.send(messages, promise: promise) }
        return try await promise.futureResult.get()
    }

    /// The statement's name on this connection, whether it must be parsed first, and a statement to close to make room.
    func statementName(_ sql: String) -> (name: String, isNew: Bool, evicted: String?) {
        names.withLock { state in
            state.clock &+= 1
            if var entry = state.names[sql] {
                entry.lastUse = state.clock
                state.names[sql] = entry
                return (entry.name, false, nil)
            }
            var evicted: String?
            if state.names.count >= PreparedStatements.perConnection, let oldest = state.names.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                evicted = oldest.value.name
                state.names[oldest.key] = nil
            }
            state.next += 1
            let name = "floworx_pipe_\(state.next)"
            state.names[sql] = (name, state.clock)
            return (name, true, evicted)
        }
    }

    /// Forgets a statement whose `Parse` was not run (an error before it skipped it).
    func forget(_ name: String) {
        names.withLock { state in
            if let key = state.names.first(where: { $0.value.name == name })?.key { state.names[key] = nil }
        }
    }
}
