import Foundation
import PostgresNIO

/// Everything a business owns, exported or deleted (`floworx clients export|delete`, issue 14's data lifecycle).
///
/// Both walk `ClientDataTables.all`, the whitelist of tables and their scopes; only those identifiers reach SQL, and
/// the business id is always a bound parameter.
public struct ClientDataRepository: Sendable {
    let database: ServiceDatabase

    /// A repository over FloWorx's own (service) connection: these are operator commands, not tenant requests.
    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Whether the business exists, and its subscriptions that still bill (active, trialing, past_due) as
    /// "plan (status)".
    public func business(_ clientId: UUID) async throws -> (exists: Bool, billingSubscriptions: [String]) {
        let rows = try await database.query("""
            SELECT EXISTS (SELECT 1 FROM public.profiles WHERE id = \(clientId)),
                   coalesce((SELECT array_agg(plan_id || ' (' || status || ')')
                             FROM public.subscriptions WHERE client_id = \(clientId) AND status IN ('active', 'trialing', 'past_due')), '{}')
            """).collect()
        let (exists, subscriptions) = try rows[0].decode((Bool, [String]).self)
        return (exists, subscriptions)
    }

    /// Streams the export as one JSON document through `write`, from one consistent snapshot (a repeatable-read,
    /// read-only transaction), one table after another, row by row; returns the rows written per table. Credentials
    /// and secrets (`ClientDataTable.secretColumns`) and operational state are left out.
    public func export(_ clientId: UUID, now: Date = Date(), write: (String) async throws -> Void) async throws -> [(table: String, rows: Int)] {
        try await database.transaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            let stamp = ISO8601DateFormatter().string(from: now)
            try await write(#"{"format": "floworx-client-export", "version": 1, "client_id": "\#(clientId.uuidString.lowercased())", "exported_at": "\#(stamp)", "tables": {"#)
            var counts: [(table: String, rows: Int)] = []
            for (index, table) in ClientDataTables.all.filter(\.exported).reversed().enumerated() {
                try await write((index == 0 ? "\n" : ",\n") + "\"\(table.name)\": [")
                var binds = PostgresBindings()
                binds.append(clientId)
                binds.append(table.secretColumns)
                let query = PostgresQuery(unsafeSQL: "SELECT (to_jsonb(t) - $2::text[])::text FROM \(table.name) t WHERE \(table.scope)", binds: binds)
                var rows = 0
                for try await row in try await connection.query(query).decode(String.self) {
                    try await write((rows == 0 ? "\n  " : ",\n  ") + row)
                    rows += 1
                }
                try await write(rows == 0 ? "]" : "\n]")
                counts.append((table.name, rows))
            }
            try await write("\n}}\n")
            return counts
        }
    }

    /// The business's connected mailboxes (to be disconnected at their providers before the data goes).
    public func integrations(_ clientId: UUID) async throws -> [IntegrationRepository.Row] {
        var rows: [IntegrationRepository.Row] = []
        for try await (id, client, provider, status) in try await database.query("""
            SELECT id, client_id, provider, status FROM public.integrations WHERE client_id = \(clientId) ORDER BY created_at
            """).decode((UUID, UUID, String, String).self) {
            rows.append(IntegrationRepository.Row(id: id, clientId: client, provider: provider, status: status))
        }
        return rows
    }

    /// Deletes every row of the business, children before parents, in one transaction, and returns the rows
    /// deleted per table (tables with none left out). Afterwards no table of `ClientDataTables.all` holds a row of
    /// it; the transaction fails (and deletes nothing) if one still would. With `commit` false the same deletes run
    /// and are rolled back: the counts of what would go.
    public func delete(_ clientId: UUID, commit: Bool = true) async throws -> [(table: String, rows: Int)] {
        do {
            return try await deleteRows(clientId, commit: commit)
        } catch let preview as Preview {
            return preview.counts
        }
    }

    /// Carries a preview's counts out of its transaction, which the throw rolls back.
    private struct Preview: Error {
        var counts: [(table: String, rows: Int)]
    }

    private func deleteRows(_ clientId: UUID, commit: Bool) async throws -> [(table: String, rows: Int)] {
        try await database.transaction { connection in
            var deleted: [(table: String, rows: Int)] = []
            for table in ClientDataTables.all {
                var binds = PostgresBindings()
                binds.append(clientId)
                let query = PostgresQuery(unsafeSQL: "WITH d AS (DELETE FROM \(table.name) WHERE \(table.scope) RETURNING 1) SELECT count(*)::int FROM d", binds: binds)
                let rows = try await connection.query(query).collect()[0].decode(Int.self)
                if rows > 0 { deleted.append((table.name, rows)) }
            }
            let left = try await Self.remaining(clientId, connection)
            guard left.isEmpty else { throw ClientDataError.rowsLeft(left) }
            if !commit { throw Preview(counts: deleted) }
            return deleted
        }
    }

    /// The tables of `ClientDataTables.all` that still hold rows of the business.
    public func remaining(_ clientId: UUID) async throws -> [String] {
        try await database.withConnection { try await Self.remaining(clientId, $0) }
    }

    static func remaining(_ clientId: UUID, _ connection: ServiceConnection) async throws -> [String] {
        let union = ClientDataTables.all.map { "SELECT '\($0.name)' WHERE EXISTS (SELECT 1 FROM \($0.name) WHERE \($0.scope))" }.joined(separator: " UNION ALL ")
        var binds = PostgresBindings()
        binds.append(clientId)
        var left: [String] = []
        for try await name in try await connection.query(PostgresQuery(unsafeSQL: union, binds: binds)).decode(String.self) { left.append(name) }
        return left
    }
}

/// Why a business's data could not be deleted.
public enum ClientDataError: Error, CustomStringConvertible {
    /// Rows of the business were still there after every table's delete (a table missing from the list, or a
    /// trigger that wrote one back); nothing was deleted.
    case rowsLeft([String])

    public var description: String {
        switch self {
        case .rowsLeft(let tables): "rows of the business would be left in \(tables.joined(separator: ", ")); nothing was deleted"
        }
    }
}
