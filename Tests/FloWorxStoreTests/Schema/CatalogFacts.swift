import FloWorxTestSupport
import PostgresNIO

/// Catalog facts of the tables of one schema, in a form that does not depend on the schema's name, so that the
/// migrated `public` can be compared with the contract's own DDL run in a scratch schema.
enum CatalogFacts {
    /// The scratch schema the contract's DDL runs in.
    static let scratchSchema = "seed_check"

    /// Runs the contract's CREATE TABLE and CREATE INDEX statements, verbatim, in the scratch schema.
    ///
    /// The search path puts the scratch schema first, so the contract's unqualified `profiles(id)` references and its
    /// indexes land there; `auth.users` stays the real one, which is what public.profiles references too.
    static func installSeed(_ seed: SeedSchema, on connection: PostgresConnection) async throws {
        try await connection.query("CREATE SCHEMA \(unescaped: scratchSchema)", logger: TestCluster.logger)
        try await connection.query("SET search_path = \(unescaped: scratchSchema), public", logger: TestCluster.logger)
        for statement in seed.statements {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestCluster.logger)
        }
        try await connection.query("RESET search_path", logger: TestCluster.logger)
    }

    /// Every base table of `schema`.
    static func tables(in schema: String, on connection: PostgresConnection) async throws -> Set<String> {
        let rows = try await connection.query(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = \(schema) AND c.relkind = 'r'",
            logger: TestCluster.logger
        )
        var names: Set<String> = []
        for try await name in rows.decode(String.self) { names.insert(name) }
        return names
    }

    /// "table | fact | definition" for every column (position, name, type, NOT NULL, default), CHECK and PRIMARY KEY
    /// constraint (by name) and foreign key (columns, referenced table, ON DELETE and ON UPDATE actions) of `schema`.
    static func columnsAndConstraints(in schema: String, on connection: PostgresConnection) async throws -> Set<String> {
        let rows = try await connection.query(
            """
            WITH tables AS (
                SELECT c.oid, c.relname AS table_name
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = \(schema) AND c.relkind = 'r'
            )
            SELECT t.table_name::text, 'column ' || lpad(a.attnum::text, 2, '0'),
                   a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                   || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
            FROM tables t
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
            UNION ALL
            SELECT t.table_name::text, 'constraint ' || con.conname, pg_get_constraintdef(con.oid)
            FROM tables t JOIN pg_constraint con ON con.conrelid = t.oid
            WHERE con.contype IN ('c', 'p')
            UNION ALL
            SELECT t.table_name::text, 'constraint ' || con.conname,
                   'FOREIGN KEY (' || (SELECT string_agg(attname, ', ' ORDER BY attnum) FROM pg_attribute
                                       WHERE attrelid = con.conrelid AND attnum = ANY (con.conkey))
                   || ') REFERENCES ' || CASE WHEN rn.nspname = 'auth' THEN 'auth.' ELSE '' END || r.relname
                   || ' ON DELETE ' || CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
                                                            WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END
                   || ' ON UPDATE ' || CASE con.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
                                                            WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END
            FROM tables t
            JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype = 'f'
            JOIN pg_class r ON r.oid = con.confrelid
            JOIN pg_namespace rn ON rn.oid = r.relnamespace
            """,
            logger: TestCluster.logger
        )
        var facts: Set<String> = []
        for try await (table, fact, definition) in rows.decode((String, String, String).self) {
            facts.insert("\(table) | \(fact) | \(definition)")
        }
        return facts
    }

    /// Index name → definition with the schema name taken out, for every index of `schema`.
    static func indexes(in schema: String, on connection: PostgresConnection) async throws -> [String: String] {
        let rows = try await connection.query(
            "SELECT indexname::text, replace(indexdef, \(schema + "."), '') FROM pg_indexes WHERE schemaname = \(schema)",
            logger: TestCluster.logger
        )
        var indexes: [String: String] = [:]
        for try await (name, definition) in rows.decode((String, String).self) { indexes[name] = definition }
        return indexes
    }
}
