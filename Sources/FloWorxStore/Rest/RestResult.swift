import NIOCore
import PostgresNIO

/// What a rendered data API statement returned.
public struct RestResult: Sendable, Hashable {
    /// The rows as the bytes of a JSON array, as PostgreSQL sent them (no copy, no re-encoding); `nil` for
    /// `return=minimal`.
    public var body: ByteBuffer?
    /// How many rows were returned or affected.
    public var rowCount: Int
    /// Every matching row, when counting was asked for.
    public var total: Int?

    /// Runs a statement from `RestSQL` in a tenant transaction; `prepared` prepares it on the connection
    /// (for reads, whose shapes repeat).
    public static func run(_ statement: RestStatement, on connection: TenantConnection, prepared: Bool = false) async throws -> RestResult {
        if prepared {
            let rows = try await connection.executePrepared(statement)
            return try rows.first.map(decode) ?? RestResult(body: ByteBuffer(string: "[]"), rowCount: 0, total: nil)
        }
        for try await row in try await connection.query(statement.query) {
            return try decode(row)
        }
        return RestResult(body: ByteBuffer(string: "[]"), rowCount: 0, total: nil)
    }

    private static func decode(_ row: PostgresRow) throws -> RestResult {
        if row.count >= 3 {
            let (body, count, total) = try row.decode((ByteBuffer?, String, String).self)
            return RestResult(body: body, rowCount: Int(count) ?? 0, total: Int(total))
        }
        let (body, count) = try row.decode((ByteBuffer?, String).self)
        return RestResult(body: body, rowCount: Int(count) ?? 0, total: nil)
    }
}
