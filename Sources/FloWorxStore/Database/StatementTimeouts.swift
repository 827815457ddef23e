/// How long one statement of a tenant request may run, per role, as Supabase configures its roles
/// (`anon` 3 s, `authenticated` 8 s). A runaway statement then costs a bounded slice of a pooled connection
/// instead of holding it until it finishes.
public struct StatementTimeouts: Sendable, Equatable {
    /// For requests with only the anon key.
    public var anon: Duration?
    /// For signed-in users.
    public var authenticated: Duration?
    /// For the service key; `nil` keeps the server's setting.
    public var serviceRole: Duration?

    public init(anon: Duration? = .seconds(3), authenticated: Duration? = .seconds(8), serviceRole: Duration? = nil) {
        self.anon = anon
        self.authenticated = authenticated
        self.serviceRole = serviceRole
    }

    /// Supabase's defaults.
    public static let supabase = StatementTimeouts()

    /// The `statement_timeout` setting for `role` in milliseconds, or empty to keep the server's value.
    func setting(for role: RequestIdentity.Role) -> String {
        let timeout: Duration?
        switch role {
        case .anon: timeout = anon
        case .authenticated: timeout = authenticated
        case .serviceRole: timeout = serviceRole
        }
        guard let timeout else { return "" }
        return String(max(1, timeout.milliseconds))
    }
}
