import PostgresNIO

/// The statement that makes a transaction run as a request's role with its JWT claims, as PostgREST does.
/// A prepared statement: it runs once per request, so PostgreSQL parses and plans it once per connection.
struct SetRequestClaims: PostgresPreparedStatement {
    /// Returns one small number rather than the settings, which would echo the claims back on every request.
    static let sql = """
        SELECT length(set_config('role', $1, true)) + length(set_config('request.jwt.claims', $2, true)) \
        + length(set_config('request.jwt.claim.sub', $3, true))
        """
    typealias Row = Int

    var role: String
    var claims: String
    var subject: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(role)
        bindings.append(claims)
        bindings.append(subject)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Int.self)
    }
}
