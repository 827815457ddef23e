import PostgresNIO

/// A statement whose SQL text is the same at every execution, only its values change: a service connection prepares
/// it once by name and then sends only Bind and Execute (`ServiceDatabase.execute`), as asyncpg and PostgREST do for
/// their hot statements. Parsing and planning the queue's claim and completion every batch cost about a quarter of a
/// 10-job batch's time in PostgreSQL (pgbench `-M prepared` against `-M extended` on the same statements).
///
/// The text is the one `PostgresQuery` that also serves the unnamed path behind a transaction pooler, so the two
/// cannot drift apart: a conforming type's `sql` is that query built once (with empty values: interpolation writes
/// `$n` whatever the values), and every execution's `query` must have the same text.
protocol FixedStatement: PostgresPreparedStatement where Row == PostgresRow {
    /// This execution's statement: the type's `sql` with this execution's values.
    var query: PostgresQuery { get }
}

extension FixedStatement {
    func makeBindings() throws -> PostgresBindings {
        // A text that differs would run the statement prepared under this name with the wrong placeholders.
        guard query.sql == Self.sql else { throw StoreError(.corruptData, "\(Self.name): the statement's text differs from the prepared one") }
        return query.binds
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
