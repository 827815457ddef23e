import PostgresNIO

/// What a rendered data API statement returned.
public struct RestResult: Sendable, Hashable {
    /// The rows as a JSON array text; `nil` for `return=minimal`.
    public var body: String?
    /// How many rows were returned or affected.
    public var rowCount: Int
    /// Every matching row, when counting was asked for.
    public var total: Int?

    /// Runs a statement from `RestSQL` in a tenant transaction; `prepared` prepares it on the connection
    /// (for reads, whose shapes repeat).
    public static func run(_ statement: RestStatement, on connection: TenantConnection, prepared: Bool = false) async throws -> RestResult {
        if prepared {
            let rows = try await connection.executePrepared(statement)
            return try rows.first.map(decode) ?? RestResult(body: "[]", rowCount: 0, total: nil)
        }
        for try await row in try await connection.query(statement.query) {
            return try decode(row)
        }
        return RestResult(body: "[]", rowCount: 0, total: nil)
    }

    private static func decode(_ row: PostgresRow) throws -> RestResult {
        if row.count >= 3 {
            let (body, count, total) = try row.decode((String?, String, String).self)
            return RestResult(body: body, rowCount: Int(count) ?? 0, total: Int(total))
        }
        let (body, count) = try row.decode((String?, String).self)
        return RestResult(body: body, rowCount: Int(count) ?? 0, total: nil)
    }
}
