import Foundation
import FloWorxStore
import FloWorxTestSupport
import PostgresNIO
import Testing

extension TestDatabase {
    /// Runs `query` in its own transaction as `identity` and returns the ids it returned (its first column).
    func ids(as identity: RequestIdentity, _ query: PostgresQuery) async throws -> Set<UUID> {
        try await database.tenant(identity).transaction { connection in
            var ids: Set<UUID> = []
            for try await id in try await connection.query(query).decode(UUID.self) { ids.insert(id) }
            return ids
        }
    }

    /// Runs `query` as the owner (the service), reading every row it returns so that a late error is thrown too.
    func execute(_ query: PostgresQuery) async throws {
        for try await _ in try await database.service.query(query) {}
    }

    /// Runs `query` as the owner (the service) and returns the ids it returned (its first column).
    func ids(_ query: PostgresQuery) async throws -> Set<UUID> {
        var ids: Set<UUID> = []
        for try await id in try await database.service.query(query).decode(UUID.self) { ids.insert(id) }
        return ids
    }

    /// Runs `query` as the owner (the service) and returns its single text value, nil when it returned no row.
    func text(_ query: PostgresQuery) async throws -> String? {
        var values: [String?] = []
        for try await value in try await database.service.query(query).decode(String?.self) { values.append(value) }
        return values.first ?? nil
    }

    /// Runs `query` as the owner and returns its single boolean.
    func bool(_ query: PostgresQuery) async throws -> Bool {
        var values: [Bool] = []
        for try await value in try await database.service.query(query).decode(Bool.self) { values.append(value) }
        return try #require(values.first as Bool?)
    }
}

extension RequestIdentity {
    /// The operator's role, as a request with a service_role JWT gets it.
    static let service = RequestIdentity(role: .serviceRole, userId: nil, claimsJSON: #"{"role":"service_role"}"#)
}

/// Expects `body` to fail with a PostgreSQL error of SQLSTATE `state` (and, when given, exactly `message`).
/// Returns the error's server fields for further checks.
@discardableResult
func expectServerError(
    _ state: String,
    message: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async -> PSQLError.ServerInfo? {
    do {
        try await body()
        Issue.record("succeeded, expected SQLSTATE \(state)\(message.map { " \"\($0)\"" } ?? "")", sourceLocation: sourceLocation)
        return nil
    } catch let error as PSQLError {
        let info = error.serverInfo
        #expect(info?[.sqlState] == state, "\(PostgresErrorText.describe(error))", sourceLocation: sourceLocation)
        if let message {
            #expect(info?[.message] == message, sourceLocation: sourceLocation)
        }
        return info
    } catch {
        Issue.record(error, sourceLocation: sourceLocation)
        return nil
    }
}
