import Logging
import PostgresNIO
import Synchronization

/// Statements prepared on each connection, by SQL text: a data API read of the same shape is parsed and planned once
/// per connection instead of once per request (PostgREST prepares its statements for the same reason).
///
/// Entries keep their connection object alive, so an identity is never reused while it is cached; the cache holds a
/// bounded number of connections and statements, dropping the oldest.
final class PreparedStatements: Sendable {
    static let shared = PreparedStatements()
    /// Statements kept per connection.
    static let perConnection = 256
    /// Connections remembered.
    static let connectionLimit = 64

    private struct State {
        var statements: [ObjectIdentifier: [String: PreparedQuery]] = [:]
        var order: [ObjectIdentifier] = []
    }

    private let state = Mutex(State())

    /// The statement for `sql` on `connection`, preparing it the first time.
    func statement(_ sql: String, on connection: PostgresConnection) async throws -> PreparedQuery {
        let key = ObjectIdentifier(connection)
        if let cached = state.withLock({ $0.statements[key]?[sql] }) { return cached }
        let prepared = try await connection.prepare(query: sql).get()
        state.withLock { state in
            if state.statements[key] == nil {
                state.order.append(key)
                if state.order.count > Self.connectionLimit {
                    state.statements[state.order.removeFirst()] = nil
                }
            }
            if state.statements[key, default: [:]].count >= Self.perConnection {
                // Rare (more shapes than the limit): start over for this connection; the server keeps the old ones
                // until the connection closes.
                state.statements[key] = [:]
            }
            state.statements[key, default: [:]][sql] = prepared
        }
        return prepared
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

    /// Converts what the prepared-statement API throws; other errors pass through.
    static func converting(_ error: any Error) -> any Error {
        guard let error = error as? PostgresError, case .server(let server) = error else { return error }
        return PostgresServerError(
            sqlState: server.fields[.sqlState] ?? "XX000", message: server.fields[.message] ?? "server error",
            detail: server.fields[.detail], hint: server.fields[.hint]
        )
    }
}
