import Logging
import PostgresNIO

/// The row count and content checksum of one table: what a restore must reproduce exactly.
///
/// The checksum is the MD5 of every row's text form, sorted, so it does not depend on physical row order; the text
/// form is pinned (UTC, ISO dates, full float precision, hex bytea) so that two sessions agree.
public struct TableChecksum: Codable, Sendable, Hashable {
    /// Schema-qualified name, e.g. `public.email_logs`.
    public var table: String
    public var rows: Int
    public var md5: String

    public init(table: String, rows: Int, md5: String) {
        self.table = table
        self.rows = rows
        self.md5 = md5
    }
}

extension TableChecksum {
    /// The session settings the checksums are taken under.
    static let sessionSettings = [
        "SET TimeZone = 'UTC'", "SET DateStyle = 'ISO, YMD'", "SET IntervalStyle = 'postgres'",
        "SET extra_float_digits = 3", "SET bytea_output = 'hex'",
        // A policy that would hide rows from this role makes the read fail instead of checksumming a subset.
        "SET row_security = off",
    ]

    /// Every ordinary table of the database outside the system schemas, in name order.
    public static func all(on connection: PostgresConnection, logger: Logger) async throws -> [TableChecksum] {
        for setting in sessionSettings {
            try await connection.query(PostgresQuery(unsafeSQL: setting), logger: logger).collect()
        }
        // Names come from the catalog and are quoted by the server (format %I): nothing from outside reaches the SQL.
        let tables = try await connection.query(
            """
            SELECT n.nspname || '.' || c.relname, pg_catalog.format('%I.%I', n.nspname, c.relname)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
            ORDER BY 1
            """,
            logger: logger
        ).collect().map { try $0.decode((String, String).self) }
        var checksums: [TableChecksum] = []
        for (name, quoted) in tables {
            let row = try await connection.query(
                PostgresQuery(unsafeSQL: """
                    SELECT count(*)::bigint, md5(coalesce(string_agg(h, '' ORDER BY h), ''))
                    FROM (SELECT md5(t::text) AS h FROM \(quoted) t) s
                    """),
                logger: logger
            ).collect()
            let (rows, md5) = try row[0].decode((Int, String).self)
            checksums.append(TableChecksum(table: name, rows: rows, md5: md5))
        }
        return checksums
    }
}
