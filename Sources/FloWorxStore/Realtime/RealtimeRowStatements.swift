import Foundation
import Synchronization

/// The row statement of each table and filter shape (`floworx.realtime_row_statement`, migration 0067), as PostgreSQL
/// wrote it, kept so a batch asks for it only the first time. Bounded: past `limit` shapes it starts again empty
/// (shapes are what subscribers' filters make, so a client could make many).
final class RealtimeRowStatements: Sendable {
    private let statements = Mutex<[String: String]>([:])
    let limit: Int

    init(limit: Int = 1_024) {
        self.limit = limit
    }

    /// How long one generic plan of a row statement is used before the connection plans it again.
    static let planningWindow: TimeInterval = 10

    /// The comment that ends a row statement's text during the planning window of `now`: a new window is a new
    /// statement text, so each connection parses and plans it again (the last windows' statements age out of the
    /// connection's least-recently-used statements).
    static func window(now: Date) -> String {
        " /* planning window \(Int64(now.timeIntervalSince1970 / planningWindow)) */"
    }

    /// The cache key of `table` with filters on `filters`' columns and operators (values are parameters).
    static func key(table: String, filters: [RealtimeFilter]) -> String {
        var key = table
        for filter in filters { key += "\u{0}" + filter.column + "\u{0}" + filter.op.rawValue }
        return key
    }

    func statement(for key: String) -> String? {
        statements.withLock { $0[key] }
    }

    func store(_ sql: String, for key: String) {
        statements.withLock { statements in
            if statements.count >= limit { statements = [:] }
            statements[key] = sql
        }
    }
}
