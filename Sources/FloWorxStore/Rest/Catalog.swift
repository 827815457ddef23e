import Logging
import PostgresNIO

/// The tables, columns, keys and column privileges of the exposed schema, read from the live catalog.
///
/// Every table and column name in a data API request is checked against this before it reaches SQL,
/// and type names used in casts come only from here.
public struct Catalog: Sendable {
    /// One column.
    public struct Column: Sendable, Hashable {
        public var name: String
        /// The type as `format_type` spells it, e.g. `uuid`, `timestamp with time zone`, `numeric(3,2)`.
        public var type: String
        /// The base type name (`udt_name`), e.g. `uuid`, `timestamptz`, `numeric`, `jsonb`.
        public var baseType: String
        public var isNullable: Bool
        public var hasDefault: Bool
        /// The default expression as the catalog prints it.
        public var defaultExpression: String?
        /// Roles that may read this column.
        public var readableBy: Set<String>
        /// Roles that may insert into this column.
        public var insertableBy: Set<String>
        /// Roles that may update this column.
        public var updatableBy: Set<String>
        /// Allowed values from a CHECK (col IN (…)) constraint, when there is one.
        public var allowedValues: [String]?
    }

    /// One table.
    public struct Table: Sendable, Hashable {
        public var name: String
        public var columns: [Column]
        public var primaryKey: [String]
        /// Column sets with a unique constraint or unique index (upsert targets).
        public var uniqueKeys: [[String]]
        /// Foreign keys: column → referenced table and column.
        public var foreignKeys: [String: (table: String, column: String)]
        /// Whether each role may INSERT / DELETE at table level.
        public var deletableBy: Set<String>

        public func column(_ name: String) -> Column? { columns.first { $0.name == name } }

        public static func == (lhs: Table, rhs: Table) -> Bool { lhs.name == rhs.name && lhs.columns == rhs.columns }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    }

    /// One foreign key constraint between two exposed tables (any number of columns).
    public struct ForeignKey: Sendable, Hashable {
        /// The constraint's name, which `select=…,table!name(…)` may use to pick it.
        public var name: String
        /// The referencing table and its columns.
        public var table: String
        public var columns: [String]
        /// The referenced table and its columns, pairwise with `columns`.
        public var referencedTable: String
        public var referencedColumns: [String]
    }

    /// The schema that is exposed (`public`).
    public var schema: String
    /// Tables by name.
    public var tables: [String: Table]
    /// Every foreign key between tables of the schema: the relationships resources can be embedded through.
    public var foreignKeyConstraints: [ForeignKey]

    public init(schema: String, tables: [String: Table], foreignKeyConstraints: [ForeignKey] = []) {
        self.schema = schema
        self.tables = tables
        self.foreignKeyConstraints = foreignKeyConstraints
    }

    /// The roles a request can take.
    static let roles = ["anon", "authenticated", "service_role"]

    /// Reads the catalog of `schema` (base tables only).
    public static func load(_ connection: PostgresConnection, schema: String = "public", logger: Logger) async throws -> Catalog {
        var tables: [String: Table] = [:]
        let columnRows = try await connection.query("""
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), t.typname, NOT a.attnotnull,
                   a.atthasdef, pg_get_expr(d.adbin, d.adrelid),
                   has_column_privilege('anon', c.oid, a.attnum, 'SELECT'),
                   has_column_privilege('authenticated', c.oid, a.attnum, 'SELECT'),
                   has_column_privilege('service_role', c.oid, a.attnum, 'SELECT'),
                   has_column_privilege('anon', c.oid, a.attnum, 'INSERT'),
                   has_column_privilege('authenticated', c.oid, a.attnum, 'INSERT'),
                   has_column_privilege('service_role', c.oid, a.attnum, 'INSERT'),
                   has_column_privilege('anon', c.oid, a.attnum, 'UPDATE'),
                   has_column_privilege('authenticated', c.oid, a.attnum, 'UPDATE'),
                   has_column_privilege('service_role', c.oid, a.attnum, 'UPDATE')
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            WHERE n.nspname = \(schema) AND c.relkind = 'r'
            ORDER BY c.relname, a.attnum
            """, logger: logger)
        for try await row in columnRows {
            let (table, name, type, baseType, nullable, hasDefault, defaultExpression, p0, p1, p2, p3, p4, p5, p6, p7, p8) =
                try row.decode((String, String, String, String, Bool, Bool, String?, Bool, Bool, Bool, Bool, Bool, Bool, Bool, Bool, Bool).self)
            let flags = [p0, p1, p2, p3, p4, p5, p6, p7, p8]
            func granted(_ offset: Int) -> Set<String> {
                Set(Catalog.roles.enumerated().filter { flags[offset + $0.offset] }.map(\.element))
            }
            let column = Column(
                name: name, type: type, baseType: baseType, isNullable: nullable, hasDefault: hasDefault,
                defaultExpression: defaultExpression, readableBy: granted(0), insertableBy: granted(3), updatableBy: granted(6), allowedValues: nil
            )
            tables[table, default: Table(name: table, columns: [], primaryKey: [], uniqueKeys: [], foreignKeys: [:], deletableBy: [])].columns.append(column)
        }

        let keyRows = try await connection.query("""
            SELECT c.relname, i.indisprimary,
                   array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum ORDER BY k.ord)
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(schema) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
            """, logger: logger)
        for try await (table, isPrimary, columns) in keyRows.decode((String, Bool, [String]).self) {
            if isPrimary { tables[table]?.primaryKey = columns }
            tables[table]?.uniqueKeys.append(columns)
        }

        let foreignRows = try await connection.query("""
            SELECT c.relname, a.attname::text, rc.relname, ra.attname::text
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class rc ON rc.oid = k.confrelid
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
            JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
            WHERE n.nspname = \(schema) AND k.contype = 'f' AND cardinality(k.conkey) = 1
            """, logger: logger)
        for try await (table, column, referenced, referencedColumn) in foreignRows.decode((String, String, String, String).self) {
            tables[table]?.foreignKeys[column] = (referenced, referencedColumn)
        }

        // Every column of every constraint, in key order, for embedding (the map above keeps single-column keys).
        var constraints: [ForeignKey] = []
        let constraintRows = try await connection.query("""
            SELECT k.conname::text, c.relname::text, rc.relname::text,
                   array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord),
                   array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord)
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class rc ON rc.oid = k.confrelid
            JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE n.nspname = \(schema) AND rn.nspname = \(schema) AND k.contype = 'f'
            ORDER BY k.conname
            """, logger: logger)
        for try await (name, table, referenced, columns, referencedColumns) in constraintRows.decode((String, String, String, [String], [String]).self) {
            constraints.append(ForeignKey(name: name, table: table, columns: columns, referencedTable: referenced, referencedColumns: referencedColumns))
        }

        let checkRows = try await connection.query("""
            SELECT c.relname, pg_get_constraintdef(k.oid), a.attname::text
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
            WHERE n.nspname = \(schema) AND k.contype = 'c' AND cardinality(k.conkey) = 1
            """, logger: logger)
        for try await (table, definition, column) in checkRows.decode((String, String, String).self) {
            guard let values = Self.allowedValues(definition), let index = tables[table]?.columns.firstIndex(where: { $0.name == column }) else { continue }
            tables[table]?.columns[index].allowedValues = values
        }

        let deleteRows = try await connection.query("""
            SELECT c.relname, has_table_privilege('anon', c.oid, 'DELETE'), has_table_privilege('authenticated', c.oid, 'DELETE'),
                   has_table_privilege('service_role', c.oid, 'DELETE')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(schema) AND c.relkind = 'r'
            """, logger: logger)
        for try await (table, anon, authenticated, service) in deleteRows.decode((String, Bool, Bool, Bool).self) {
            tables[table]?.deletableBy = Set(zip(roles, [anon, authenticated, service]).filter(\.1).map(\.0))
        }
        return Catalog(schema: schema, tables: tables, foreignKeyConstraints: constraints)
    }

    /// The values of `CHECK ((col = ANY (ARRAY['a'::text, 'b'::text])))`, as PostgreSQL prints an `IN` list.
    static func allowedValues(_ definition: String) -> [String]? {
        guard definition.contains("ANY (ARRAY[") else { return nil }
        var values: [String] = []
        var remainder = Substring(definition)
        while let open = remainder.firstIndex(of: "'") {
            let afterOpen = remainder.index(after: open)
            guard let close = remainder[afterOpen...].firstIndex(of: "'") else { break }
            values.append(String(remainder[afterOpen..<close]))
            remainder = remainder[remainder.index(after: close)...]
        }
        return values.isEmpty ? nil : values
    }
}
