import Foundation
import Logging
import PostgresNIO

/// The database side of Realtime: the published tables, their columns, and which changed rows each group of
/// subscribers may see — decided by row-level security, as them (`floworx.realtime_visible`, migration 0047; inserted
/// and updated rows in one pipeline of per-group reads, migration 0067).
public struct RealtimeRepository: Sendable {
    let database: ServiceDatabase
    /// The connections a batch's inserted and updated rows are read on, all groups in one pipeline; `nil` reads them
    /// with `floworx.realtime_visible` (behind a transaction pooler, which keeps no named statements).
    let reads: PipelinedReads?
    private let statements = RealtimeRowStatements()

    public init(database: ServiceDatabase, reads: PipelinedReads? = nil) {
        self.database = database
        self.reads = reads
    }

    /// A column of a published table as `postgres_changes` messages name it.
    public struct Column: Sendable, Hashable {
        public var name: String
        /// The type's name (`uuid`, `text`, `int8`…).
        public var type: String
    }

    /// The published tables (`floworx.realtime_publication`), each with its columns in order.
    public func publishedTables() async throws -> [String: [Column]] {
        let rows = try await database.query("""
            SELECT p.table_name, a.attname::text, t.typname::text
              FROM floworx.realtime_publication p
              JOIN pg_attribute a ON a.attrelid = format('public.%I', p.table_name)::regclass AND a.attnum > 0 AND NOT a.attisdropped
              JOIN pg_type t ON t.oid = a.atttypid
             ORDER BY p.table_name, a.attnum
            """)
        var tables: [String: [Column]] = [:]
        for try await (table, name, type) in rows.decode((String, String, String).self) {
            tables[table, default: []].append(Column(name: name, type: type))
        }
        return tables
    }

    /// Checks that `group` may subscribe to `table` with its filters: the role may read the table, the columns exist,
    /// the values cast to their types. Throws the PostgreSQL error otherwise.
    public func check(table: String, group: RealtimeSubscriberGroup) async throws {
        _ = try await visible(table: table, keys: [], deletedRows: [], groups: [group])
    }

    /// The rows among `keys` (inserted or updated) and `deletedRows` (old rows as JSON) that each group may see.
    public func visible(table: String, keys: [String], deletedRows: [String], groups: [RealtimeSubscriberGroup]) async throws -> [RealtimeVisibleRow] {
        try await visible(table: table, keys: keys, deletedRows: deletedRows, groupsJSON: RealtimeSubscriberGroup.json(groups))
    }

    /// The dispatcher's read of one batch: inserted and updated rows in one pipeline (`visibleInPipeline`) when there
    /// are pipelined connections, deleted rows (their policies evaluated on the old row) and everything else through
    /// `floworx.realtime_visible`. `groupsJSON` is `groups` encoded (`RealtimeSubscriberGroup.json(_:)`).
    public func visible(table: String, keys: [String], deletedRows: [String], groups: [RealtimeSubscriberGroup], groupsJSON: String) async throws -> [RealtimeVisibleRow] {
        guard reads != nil, !keys.isEmpty else {
            return try await visible(table: table, keys: keys, deletedRows: deletedRows, groupsJSON: groupsJSON)
        }
        var rows = try await visibleInPipeline(table: table, keys: keys, groups: groups)
        if !deletedRows.isEmpty { rows += try await visible(table: table, keys: [], deletedRows: deletedRows, groupsJSON: groupsJSON) }
        return rows
    }

    /// The rows among `keys` (inserted or updated) that each group may see, read as each group in one pipeline on a
    /// pipelined connection: the data API's role-and-claims statement, then the row statement of the table and the
    /// group's filter shape (`floworx.realtime_row_statement`, migration 0067), for every group; one round trip.
    /// The same rows as `visible(table:keys:deletedRows:groups:)` gives for `keys` (RealtimeVisibilityTests).
    public func visibleInPipeline(table: String, keys: [String], groups: [RealtimeSubscriberGroup]) async throws -> [RealtimeVisibleRow] {
        guard let reads else { return try await visible(table: table, keys: keys, deletedRows: [], groups: groups) }
        // The statements' text names the current planning window, so each connection plans them afresh every
        // `RealtimeRowStatements.planningWindow`: a generic plan made while the table was a few rows (then an index on
        // the policy's column beats the key, and the plan is kept until the next ANALYZE while the table grows —
        // seen in the fan-out benchmark as a minute of p99 in seconds) is not kept longer than that.
        let window = RealtimeRowStatements.window(now: Date())
        var sql: [String] = []
        var pins: [String?] = []
        sql.reserveCapacity(groups.count)
        pins.reserveCapacity(groups.count)
        for group in groups {
            // The unused CTE names the filter values' type ahead of the select list, so that the text plans on its own
            // (PREPARE without types, as the routing check does) even where the values are unused or subscripted.
            let statement = "WITH _binds AS (SELECT $2::text[]) " + (try await rowStatement(table: table, filters: group.filters))
            // A signed-in owner's read also names its business, as the data API's reads do (RestSQL.tenant), so the
            // statement can be routed by client_id on Citus; row-level security already allows no other rows.
            if group.identity.role == .authenticated, let tenant = group.identity.userId,
               let pin = TenantRouting.predicate(table: table, schema: "public", qualifier: SQLIdentifier.quoted(table), bind: 3, quote: SQLIdentifier.quoted) {
                sql.append(statement + " AND " + pin + window)
                pins.append(tenant.uuidString.lowercased())
            } else {
                sql.append(statement + window)
                pins.append(nil)
            }
        }
        let (statements, tenants) = (sql, pins)
        return try await reads.with(timeout: database.acquireTimeout) { connection in
            try await connection.realtimeVisible(keys: keys, groups: groups, statements: statements, tenants: tenants)
        }
    }

    /// The row statement of `table` with filters on `filters`' columns and operators, written by PostgreSQL from its
    /// catalogs (identifiers quoted there, values left as parameters) the first time a shape is seen.
    func rowStatement(table: String, filters: [RealtimeFilter]) async throws -> String {
        let key = RealtimeRowStatements.key(table: table, filters: filters)
        if let known = statements.statement(for: key) { return known }
        let shape = try JSONSerialization.data(withJSONObject: filters.map { ["column": $0.column, "op": $0.op.rawValue] })
        let rows = try await database.query("SELECT floworx.realtime_row_statement(\(table), \(String(decoding: shape, as: UTF8.self))::jsonb)")
        var sql: String?
        for try await text in rows.decode(String.self) { sql = text }
        guard let sql else { throw PostgresServerError(sqlState: "XX000", message: "no row statement for table \(table)") }
        statements.store(sql, for: key)
        return sql
    }

    /// `visible(table:keys:deletedRows:groups:)` with the groups already encoded (`RealtimeSubscriberGroup.json(_:)`):
    /// the dispatcher encodes them once per set of subscribers, not once per batch.
    /// One statement, so one round trip: its implicit transaction holds the function's `set_config(…, true)` settings
    /// and ends them, as BEGIN and COMMIT around it did at the cost of two more round trips per call.
    public func visible(table: String, keys: [String], deletedRows: [String], groupsJSON: String) async throws -> [RealtimeVisibleRow] {
        try await database.withConnection { connection in
            let rows = try await connection.query("""
                SELECT group_index, kind = 'd', row_key, key_json::text, record::text, matches
                  FROM floworx.realtime_visible(\(table), \(keys), \(deletedRows)::text[]::jsonb[], \(groupsJSON)::jsonb)
                """)
            var visible: [RealtimeVisibleRow] = []
            for try await (group, deleted, key, keyJSON, record, matches) in rows.decode((Int32, Bool, String, String, String?, [Bool]).self) {
                visible.append(RealtimeVisibleRow(group: Int(group), deleted: deleted, key: key, keyJSON: keyJSON, record: record, matches: matches))
            }
            return visible
        }
    }
}
