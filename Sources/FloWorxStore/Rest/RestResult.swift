import PostgresNIO

/// What a rendered data API statement returned.
public struct RestResult: Sendable, Hashable {
    /// The rows as a JSON array text; `nil` for `return=minimal`.
    public var body: String?
    /// How many rows were returned or affected.
    public var rowCount: Int
    /// Every matching row, when counting was asked for.
    public var total: Int?

    /// Runs a statement from `RestSQL` in a tenant transaction.
    public static func run(_ query: PostgresQuery, on connection: TenantConnection) async throws -> RestResult {
        let rows = try await connection.query(query)
        for try await row in rows {
            let columns = row.count
            if columns >= 3 {
                let (body, count, total) = try row.decode((String?, Int, Int).self)
                return RestResult(body: body, rowCount: count, total: total)
            }
            let (body, count) = try row.decode((String?, Int).self)
            return RestResult(body: body, rowCount: count, total: nil)
        }
        return RestResult(body: "[]", rowCount: 0, total: nil)
    }
}
