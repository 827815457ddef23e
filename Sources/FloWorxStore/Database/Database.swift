import Foundation
import Logging
import PostgresNIO

/// FloWorx's connection pool, and the two distinct ways to use it.
///
/// `tenant(_:)` runs work as a request's role with its JWT claims, so row-level security decides what it sees;
/// `service` runs FloWorx's own work (the pipeline, migrations of data, billing) as the owning role. The two hand
/// out different connection types, so code written for one cannot be given the other by accident.
public struct Database: Sendable {
    /// The pool.
    public let client: PostgresClient
    /// Where queries log.
    public let logger: Logger
    /// How long a tenant statement may run, per role.
    public var statementTimeouts: StatementTimeouts
    /// Cancels the statement of a client that disconnected; `nil` lets it run to its timeout.
    public var canceller: StatementCanceller?
    /// Where the pool connects, when known: `/health` opens one connection there to say why the pool cannot.
    public var connectionInfo: DatabaseConnectionInfo?
    /// How the pool reaches PostgreSQL; `.transaction` behind PgBouncer's transaction pooling (no named prepared
    /// statements, no session state).
    public var pooler: PoolerMode = .session
    /// How long a transaction waits for a pooled connection before failing with `DatabaseUnavailableError`;
    /// `nil` waits as long as the pool does (up to a minute while PostgreSQL is down).
    public var acquireTimeout: Duration?
    /// Connections for data API reads in one round trip each (`TenantDatabase.read`); `nil`, or a transaction
    /// pooler, runs them as transactions on `client`.
    public var pipelinedReads: PipelinedReads?

    public init(client: PostgresClient, logger: Logger, statementTimeouts: StatementTimeouts = .supabase, canceller: StatementCanceller? = nil) {
        self.client = client
        self.statementTimeouts = statementTimeouts
        self.canceller = canceller
        // PostgresNIO adds metadata to the logger of every query, and a stream handler formats metadata as soon as
        // it is set: below debug level queries log nothing, so they get a logger that does no work at all.
        self.logger = logger.logLevel <= .debug ? logger : Logger(label: logger.label, factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// Work on behalf of a request, confined by RLS; with `liveness`, a statement still running when the client
    /// disconnects is cancelled.
    public func tenant(_ identity: RequestIdentity, liveness: ClientLiveness? = nil) -> TenantDatabase {
        TenantDatabase(
            client: client, identity: identity, logger: logger, statementTimeout: statementTimeouts.setting(for: identity.role),
            cancellation: liveness.flatMap { liveness in canceller.map { (liveness, $0) } }, pooler: pooler, acquireTimeout: acquireTimeout,
            pipelinedReads: pipelinedReads
        )
    }

    /// Runs `body` with a pool of `connections` connections to `info`, running for the duration of the call.
    public static func withPool<Result: Sendable>(
        _ info: DatabaseConnectionInfo, connections: Int, logger: Logger,
        _ body: (Database) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: info.clientConfiguration(maximumConnections: connections), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await PoolService(client: client, logger: logger).run() }
            defer { group.cancelAll() }
            var database = Database(client: client, logger: logger, canceller: StatementCanceller(connection: info, logger: logger))
            let reads = PipelinedReads(info: info, connections: connections, logger: logger)
            database.pipelinedReads = reads
            do {
                let result = try await body(database)
                await reads.closeIdle()
                return result
            } catch {
                await reads.closeIdle()
                throw error
            }
        }
    }

    /// FloWorx's own work, not confined by RLS.
    public var service: ServiceDatabase {
        ServiceDatabase(client: client, logger: logger, acquireTimeout: acquireTimeout, pooler: pooler)
    }
}

/// Runs transactions as one request's role and claims.
public struct TenantDatabase: Sendable {
    let client: PostgresClient
    /// The role and claims every transaction takes.
    public let identity: RequestIdentity
    let logger: Logger
    /// The role's `statement_timeout` in milliseconds (empty: the server's).
    let statementTimeout: String
    let cancellation: (ClientLiveness, StatementCanceller)?
    var pooler: PoolerMode = .session
    var acquireTimeout: Duration?
    var pipelinedReads: PipelinedReads?

    /// A data API read (`RestSQL.read`) as the request's role with its claims: one pipeline, one round trip, on
    /// `PipelinedReads` (see `PipelineConnection`); a transaction on the pool behind a transaction pooler.
    public func read(_ statement: RestStatement) async throws -> RestResult {
        guard let pipelinedReads, !pooler.unnamedStatementsOnly else {
            return try await transaction(genericPlans: statement.genericPlanSafe) { connection in
                try await RestResult.run(statement, on: connection, prepared: true)
            }
        }
        let settings = claimsStatement(genericPlans: statement.genericPlanSafe)
        return try await pipelinedReads.with(timeout: acquireTimeout) { connection in
            try await connection.read(statement, settings: settings, cancellation: cancellation)
        }
    }

    /// The role, claims, plan mode and statement timeout of this request, for one statement.
    private func claimsStatement(genericPlans: Bool) -> SetRequestClaims {
        SetRequestClaims(
            role: identity.role.rawValue, claims: identity.claimsJSON, subject: identity.userId?.uuidString.lowercased() ?? "",
            planMode: genericPlans ? "force_generic_plan" : "force_custom_plan", statementTimeout: statementTimeout
        )
    }

    /// Runs `body` in one transaction as the request's role, with `request.jwt.claims` set as PostgREST sets them.
    /// The transaction commits when `body` returns and rolls back when it throws. `genericPlans` lets prepared
    /// statements run their generic plan (see `RestStatement.genericPlanSafe`).
    public func transaction<Result: Sendable>(genericPlans: Bool = false, _ body: (TenantConnection) async throws -> Result) async throws -> Result {
        try await PooledConnectionLease.with(client, timeout: acquireTimeout) { connection in
            let unnamed = pooler.unnamedStatementsOnly
            try await connection.guarded { connection in
                if unnamed {
                    try await connection.query("BEGIN", logger: logger)
                } else {
                    for try await _ in try await connection.execute(BeginTransaction(), logger: logger) {}
                }
            }
            do {
                // One round trip sets the role and both claim settings, transaction-local.
                let settings = claimsStatement(genericPlans: genericPlans)
                let backend = try await connection.guarded { connection in
                    var backend: Int32 = 0
                    if unnamed {
                        for try await pid in try await connection.query(settings.unnamed, logger: logger).decode(Int32.self) { backend = pid }
                    } else {
                        for try await pid in try await connection.execute(settings, logger: logger) { backend = pid }
                    }
                    return backend
                }
                let guardian = cancellation.map { StatementCancelGuard(liveness: $0.0, backend: backend, canceller: $0.1) }
                let result: Result
                do {
                    result = try await body(TenantConnection(connection: connection, logger: logger, unnamedOnly: unnamed))
                } catch {
                    // A cancel in flight lands before the connection can serve anyone else.
                    await guardian?.finish()
                    throw error
                }
                await guardian?.finish()
                try await connection.guarded { connection in
                    if unnamed {
                        try await connection.query("COMMIT", logger: logger)
                    } else {
                        for try await _ in try await connection.execute(CommitTransaction(), logger: logger) {}
                    }
                }
                return result
            } catch {
                _ = try? await connection.guarded { try await $0.query("ROLLBACK", logger: logger) }
                throw error
            }
        }
    }
}

/// A connection inside a tenant transaction: every query runs as the request's role.
public struct TenantConnection: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// Behind a transaction pooler: no statement is prepared by name.
    var unnamedOnly = false

    /// Runs one statement; values are bound parameters of `query`.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await connection.guarded { try await $0.query(query, logger: logger) }
    }

    /// Runs a data API statement as a statement prepared on this connection (unnamed behind a transaction pooler).
    func executePrepared(_ statement: RestStatement) async throws -> [PostgresRow] {
        if unnamedOnly {
            return try await connection.guarded { try await $0.query(statement.query, logger: logger).collect() }
        }
        do {
            return try await connection.guarded { connection in
                let prepared = try await PreparedStatements.shared.statement(statement.sql, on: connection)
                return try await prepared.execute(statement.preparedBinds).get()
            }
        } catch {
            throw PostgresServerError.converting(error)
        }
    }
}

/// Runs FloWorx's own work as the owning role.
public struct ServiceDatabase: Sendable {
    let client: PostgresClient
    let logger: Logger
    var acquireTimeout: Duration?
    /// Behind a transaction pooler `execute` sends its statements unnamed.
    var pooler: PoolerMode = .session

    /// Runs `body` in one transaction.
    public func transaction<Result: Sendable>(_ body: (ServiceConnection) async throws -> Result) async throws -> Result {
        try await PooledConnectionLease.with(client, timeout: acquireTimeout) { connection in
            try await connection.guarded { try await $0.query("BEGIN", logger: logger) }
            do {
                let result = try await body(ServiceConnection(connection: connection, logger: logger))
                try await connection.guarded { try await $0.query("COMMIT", logger: logger) }
                return result
            } catch {
                _ = try? await connection.guarded { try await $0.query("ROLLBACK", logger: logger) }
                throw error
            }
        }
    }

    /// Runs `body` on one connection without a transaction (each statement commits on its own).
    public func withConnection<Result: Sendable>(_ body: (ServiceConnection) async throws -> Result) async throws -> Result {
        try await PooledConnectionLease.with(client, timeout: acquireTimeout) { connection in
            try await body(ServiceConnection(connection: connection, logger: logger))
        }
    }

    /// Runs one statement on a pooled connection.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        guard let acquireTimeout else { return try await client.query(query, logger: logger) }
        // The pool's own query path (its connection returns when the rows are read), raced against the bound.
        let (client, logger) = (client, logger)
        return try await PooledConnectionLease.within(acquireTimeout) { try await client.query(query, logger: logger) }
    }

    /// Runs one statement prepared by name on the pooled connection it gets (parsed and planned once per connection);
    /// behind a transaction pooler, where a named statement would not outlive the transaction, as an unnamed one.
    func execute<Statement: FixedStatement>(_ statement: Statement) async throws -> [PostgresRow] {
        guard !pooler.unnamedStatementsOnly else { return try await query(statement.query).collect() }
        let logger = logger
        return try await PooledConnectionLease.with(client, timeout: acquireTimeout) { connection in
            try await connection.guarded { connection in
                var rows: [PostgresRow] = []
                do {
                    for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
                } catch let error as PSQLError where error.isStaleCachedPlan {
                    // A migration changed what the statement returns since this connection prepared it; PostgreSQL
                    // refuses the old statement on this connection from then on, so it runs unnamed here instead.
                    rows = try await connection.query(statement.query, logger: logger).collect()
                }
                return rows
            }
        }
    }
}

/// A connection for FloWorx's own work.
public struct ServiceConnection: Sendable {
    /// The underlying connection, for what the wrappers do not cover (COPY, LISTEN).
    public let connection: PostgresConnection
    let logger: Logger

    /// Runs one statement; values are bound parameters of `query`.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await connection.guarded { try await $0.query(query, logger: logger) }
    }
}

extension PSQLError {
    /// "cached plan must not change result type": a prepared statement whose result columns a migration changed.
    var isStaleCachedPlan: Bool {
        serverInfo?[.sqlState] == "0A000" && serverInfo?[.message]?.contains("cached plan") == true
    }
}

extension PostgresConnection {
    /// Throws instead of sending a statement on a closed connection, which PostgresNIO 1.33 never answers (see
    /// `DatabaseUnavailableError.connectionClosed`).
    func ensureOpen() throws {
        if isClosed { throw DatabaseUnavailableError.connectionClosed }
    }

    /// Sends what `statement` sends on this connection, unless it is closed, and fails it if the connection closes
    /// while it stays unanswered (`ClosedConnectionGuard`).
    @discardableResult
    func guarded<Value: Sendable>(_ statement: @escaping @Sendable (PostgresConnection) async throws -> Value) async throws -> Value {
        try ensureOpen()
        return try await ClosedConnectionGuard.run(self) { [self] in try await statement(self) }
    }
}
