import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

extension TestDatabase {
    /// The single integer `query` returns, run as the owner (no RLS).
    func count(_ query: PostgresQuery) async throws -> Int {
        var values: [Int] = []
        for try await value in try await database.service.query(query).decode(Int.self) { values.append(value) }
        return try #require(values.first)
    }

    /// The single text value `query` returns, run as the owner; `nil` when it returns no row or NULL.
    func text(_ query: PostgresQuery) async throws -> String? {
        var values: [String?] = []
        for try await value in try await database.service.query(query).decode(String?.self) { values.append(value) }
        return values.first ?? nil
    }

    /// Every text value of the first column `query` returns, run as the owner.
    func texts(_ query: PostgresQuery) async throws -> [String] {
        var values: [String] = []
        for try await value in try await database.service.query(query).decode(String.self) { values.append(value) }
        return values
    }

    /// Runs a statement as the owner, reading every row so that a late error is thrown too.
    func execute(_ query: PostgresQuery) async throws {
        for try await _ in try await database.service.query(query) {}
    }
}
