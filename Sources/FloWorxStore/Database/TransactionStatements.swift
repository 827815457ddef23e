import PostgresNIO

/// `BEGIN` and `COMMIT` as statements prepared once per connection: every tenant request runs both.
struct BeginTransaction: PostgresPreparedStatement {
    static let name = "floworx_begin"
    static let sql = "BEGIN"
    typealias Row = Void

    func makeBindings() throws -> PostgresBindings { PostgresBindings() }
    func decodeRow(_ row: PostgresRow) throws -> Row {}
}

/// See ``BeginTransaction``.
struct CommitTransaction: PostgresPreparedStatement {
    static let name = "floworx_commit"
    static let sql = "COMMIT"
    typealias Row = Void

    func makeBindings() throws -> PostgresBindings { PostgresBindings() }
    func decodeRow(_ row: PostgresRow) throws -> Row {}
}
