import Foundation
import Logging
import PostgresNIO

/// The database side of Realtime: the published tables, their columns, and which changed rows each group of
/// subscribers may see — decided by row-level security, as them (`floworx.realtime_visible`, migration 0047).
public struct RealtimeRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
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
