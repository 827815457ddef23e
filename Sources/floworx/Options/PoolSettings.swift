import FloWorxCore
import FloWorxStore

/// Where and how the connection pool of `serve` and `worker` reaches PostgreSQL (docs/operations.md, "PgBouncer").
///
/// - `FLOWORX_DATABASE_POOL_URL`: the pool connects here instead of `DATABASE_URL` (or the embedded cluster), e.g. a
///   PgBouncer in front of it. Everything that needs a session of its own keeps the direct connection: migrations
///   (a session advisory lock), LISTEN (the workers' doorbell, realtime), statement cancels and backups.
/// - `FLOWORX_DATABASE_POOLER`: `session` (default) or `transaction`, for a pooler in transaction mode: the pool
///   then prepares no named statements and keeps no session state. Defaults to `transaction` when a pool URL is set.
/// - `FLOWORX_DB_ACQUIRE_TIMEOUT_SECONDS` (default 5, 0 = wait as long as the pool does): how long a request waits
///   for a connection before it answers 503 `database_unavailable`.
/// - In session mode, data API reads run one round trip each on `readConnections` connections of their own
///   (`PipelinedReads`): `serve` gives them its API pool size (`FLOWORX_DB_POOL`, `--db-pool`).
struct PoolSettings {
    var poolURL: String?
    var pooler: PoolerMode
    var acquireTimeout: Duration?
    /// Connections of `PipelinedReads`.
    var readConnections = 10

    static func fromEnvironment() throws -> PoolSettings {
        let url = Environment.get("FLOWORX_DATABASE_POOL_URL")
        if let url { _ = try DatabaseConnectionInfo(url: url) }
        let mode = try Environment.get("FLOWORX_DATABASE_POOLER").map {
            try Setting.choice($0, name: "FLOWORX_DATABASE_POOLER", among: PoolerMode.allCases.map(\.rawValue))
        }
        let timeout = try Environment.seconds("FLOWORX_DB_ACQUIRE_TIMEOUT_SECONDS", range: 0...600) ?? .seconds(5)
        return PoolSettings(
            poolURL: url,
            pooler: mode.flatMap(PoolerMode.init(rawValue:)) ?? (url == nil ? .session : .transaction),
            acquireTimeout: timeout == .zero ? nil : timeout
        )
    }

    /// Where the pool connects: the pool URL, or the database itself.
    func poolConnection(direct: DatabaseConnectionInfo) throws -> DatabaseConnectionInfo {
        guard let poolURL else { return direct }
        var info = try DatabaseConnectionInfo(url: poolURL)
        // The pooler's URL may leave the password out (the embedded cluster's is generated): use the database's.
        if info.password == nil, info.username == direct.username { info.password = direct.password }
        return info
    }

    /// Applies the pooler mode and the acquire timeout to `database`; in session mode, data API reads get their
    /// pipelined connections (opened when first needed) to where the pool connects.
    func apply(to database: inout Database) {
        database.pooler = pooler
        database.acquireTimeout = acquireTimeout
        if pooler == .session, let direct = database.connectionInfo, let info = try? poolConnection(direct: direct) {
            database.pipelinedReads = PipelinedReads(info: info, connections: readConnections, logger: database.logger)
        }
    }
}
