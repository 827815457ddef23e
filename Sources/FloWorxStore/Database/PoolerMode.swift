/// How the connections of FloWorx's pool reach PostgreSQL: directly (or through a pooler in session mode), or through
/// a pooler in transaction mode such as PgBouncer's `pool_mode = transaction`.
///
/// Behind transaction pooling a client's consecutive transactions may run on different server connections, so
/// anything that outlives one transaction breaks: a statement prepared by name on one server connection does not
/// exist on the next (PgBouncer 1.18, Debian's, does not track them). In `transaction` mode the pool runs every
/// statement through the unnamed extended protocol (parse, bind and execute in one round trip) and keeps no session
/// state; `set_config(..., true)` settings are transaction-local already.
public enum PoolerMode: String, Sendable, CaseIterable {
    /// Named prepared statements per connection (the fastest; PostgREST does the same).
    case session
    /// No named prepared statements, nothing that outlives a transaction.
    case transaction

    /// Whether statements must go through the unnamed extended protocol.
    public var unnamedStatementsOnly: Bool { self == .transaction }
}
