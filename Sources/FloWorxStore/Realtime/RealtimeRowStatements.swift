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
