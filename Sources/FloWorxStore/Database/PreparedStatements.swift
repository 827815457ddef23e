import Logging
import PostgresNIO
import Synchronization

/// Statements prepared on each connection, by SQL text: a data API read of the same shape is parsed and planned once
/// per connection instead of once per request (PostgREST prepares its statements for the same reason).
///
/// The SQL text depends on the request (select aliases, filter columns), so the number of shapes is unbounded. Each
/// connection keeps at most `perConnection` statements, least recently used first out, and an evicted statement is
/// deallocated on the server (`Close`): otherwise PostgreSQL keeps every plan until the connection ends, and a client
/// that varies its aliases grows the backends without limit. Entries keep their connection object alive, so an
/// identity is never reused while it is cached; the cache remembers a bounded number of connections.
final class PreparedStatements: Sendable {
    static let shared = PreparedStatements()
    /// Statements kept per connection.
    static let perConnection = 128
    /// Connections remembered.
    static let connectionLimit = 64

    private struct Entry {
        var query: PreparedQuery
        var lastUse: UInt64
    }

    private struct State {
        var statements: [ObjectIdentifier: [String: Entry]] = [:]
        var order: [ObjectIdentifier] = []
        var clock: UInt64 = 0
    }

    private let state = Mutex(State())
    let perConnection: Int

    init(perConnection: Int = PreparedStatements.perConnection) {
        self.perConnection = perConnection
    }

    /// The statement for `sql` on `connection`, preparing it the first time.
    ///
    /// A connection serves one request at a time, so evicting and deallocating here, on the caller's connection,
    /// never races with another use of the same statement.
    func statement(_ sql: String, on connection: PostgresConnection) async throws -> PreparedQuery {
        let key = ObjectIdentifier(connection)
        let cached: PreparedQuery? = state.withLock { state in
            state.clock &+= 1
            let now = state.clock
            guard var entry = state.statements[key]?[sql] else { return nil }
            entry.lastUse = now
            state.statements[key]?[sql] = entry
            return entry.query
        }
        if let cached { return cached }
        let prepared = try await connection.prepare(query: sql).get()
        let evicted: PreparedQuery? = state.withLock { state in
            if state.statements[key] == nil {
                state.order.append(key)
                if state.order.count > Self.connectionLimit {
                    state.statements[state.order.removeFirst()] = nil
                }
            }
            var evicted: PreparedQuery?
            if let statements = state.statements[key], statements.count >= perConnection,
               let oldest = statements.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                evicted = oldest.value.query
                state.statements[key]?[oldest.key] = nil
            }
            state.statements[key, default: [:]][sql] = Entry(query: prepared, lastUse: state.clock)
            return evicted
        }
        if let evicted {
            try await evicted.deallocate().get()
        }
        return prepared
    }

    /// How many statements are cached for `connection` (for tests).
    func count(on connection: PostgresConnection) -> Int {
        state.withLock { $0.statements[ObjectIdentifier(connection)]?.count ?? 0 }
    }
}

/// A server error raised through PostgresNIO's prepared-statement API (which reports `PostgresError`, not
/// `PSQLError`), with the fields the data API answers with.
public struct PostgresServerError: Error, Sendable, CustomStringConvertible {
    public var sqlState: String
    public var message: String
    public var detail: String?
    public var hint: String?

    public var description: String { "\(sqlState): \(message)" }

    public init(sqlState: String, message: String, detail: String? = nil, hint: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
    }

    /// Converts what the prepared-statement API throws; other errors pass through.
    static func converting(_ error: any Error) -> any Error {
        guard let error = error as? PostgresError, case .server(let server) = error else { return error }
        return PostgresServerError(
            sqlState: server.fields[.sqlState] ?? "XX000", message: server.fields[.message] ?? "server error",
            detail: server.fields[.detail], hint: server.fields[.hint]
        )
    }
}
