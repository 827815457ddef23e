/// A set-returning function's call as the FROM source of a data API read (`POST /rest/v1/rpc/{fn}` with filters,
/// `select`, `order`, `limit`): `RestSQL` renders it where the table's name would stand, so the result is filtered,
/// ordered, paged and counted exactly as a table is.
public struct RpcSource: Sendable, Hashable {
    /// The name the result goes by in the read (the function's).
    public var table: String
    /// The SQL of the source, e.g. `(SELECT _f.* FROM json_to_record($1::json) AS _a(…), LATERAL "public"."fn"(…) AS _f)`.
    public var sql: String
    /// The values of the placeholders `sql` uses, numbered from `$1`.
    public var binds: RestBinds

    public init(table: String, sql: String, binds: RestBinds) {
        self.table = table
        self.sql = sql
        self.binds = binds
    }
}
