import PostgresNIO

/// The statement that makes a transaction run as a request's role with its JWT claims, as PostgREST does.
/// A prepared statement: it runs once per request, so PostgreSQL parses and plans it once per connection.
struct SetRequestClaims: PostgresPreparedStatement {
    /// A fixed name: the default, `String(reflecting:)` of the type, is computed on every execution.
    static let name = "floworx_set_request_claims"

    /// Returns the backend's process id (so the statement can be cancelled if the client goes) rather than the
    /// settings, which would echo the claims back on every request. `statement_timeout` is the role's (empty keeps
    /// the server's), set here because `SET ROLE` does not apply a role's own settings.
    /// `plan_cache_mode` decides whether prepared data API reads run their generic plan (tenant-scoped index scans
    /// whose plan does not depend on the values; planning per execution costs about 10% of throughput) or are
    /// planned with their values (when a value's type could not be checked beforehand; see `RestValueCheck`).
    static let sql = """
        SELECT pg_backend_pid() + 0 * (length(set_config('role', $1, true)) + length(set_config('request.jwt.claims', $2, true)) \
        + length(set_config('request.jwt.claim.sub', $3, true)) + length(set_config('plan_cache_mode', $4, true)) \
        + length(set_config('statement_timeout', coalesce(nullif($5, ''), current_setting('statement_timeout')), true)))
        """
    typealias Row = Int32

    var role: String
    var claims: String
    var subject: String
    /// `force_generic_plan` or `force_custom_plan`.
    var planMode: String
    /// Milliseconds, or empty for the server's setting.
    var statementTimeout: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(role)
        bindings.append(claims)
        bindings.append(subject)
        bindings.append(planMode)
        bindings.append(statementTimeout)
        return bindings
    }

    /// The same statement for the unnamed extended protocol (behind a transaction pooler).
    var unnamed: PostgresQuery {
        PostgresQuery(unsafeSQL: Self.sql, binds: (try? makeBindings()) ?? PostgresBindings())
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Int32.self)
    }
}
