import PostgresNIO

/// The statement that makes a transaction run as a request's role with its JWT claims, as PostgREST does.
/// A prepared statement: it runs once per request, so PostgreSQL parses and plans it once per connection.
struct SetRequestClaims: PostgresPreparedStatement {
    /// A fixed name: the default, `String(reflecting:)` of the type, is computed on every execution.
    static let name = "floworx_set_request_claims"

    /// Returns one small number rather than the settings, which would echo the claims back on every request.
    /// `plan_cache_mode` decides whether prepared data API reads run their generic plan (tenant-scoped index scans
    /// whose plan does not depend on the values; planning per execution costs about 10% of throughput) or are
    /// planned with their values (when a value's type could not be checked beforehand; see `RestValueCheck`).
    static let sql = """
        SELECT length(set_config('role', $1, true)) + length(set_config('request.jwt.claims', $2, true)) \
        + length(set_config('request.jwt.claim.sub', $3, true)) + length(set_config('plan_cache_mode', $4, true))
        """
    typealias Row = Int

    var role: String
    var claims: String
    var subject: String
    /// `force_generic_plan` or `force_custom_plan`.
    var planMode: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(role)
        bindings.append(claims)
        bindings.append(subject)
        bindings.append(planMode)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Int.self)
    }
}
