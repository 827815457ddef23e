import Foundation

extension TenantDatabase {
    /// The business a signed-in caller acts for (its user id: row-level security's `auth.uid()`), or nil for anon.
    /// Tenant statements filter by it next to RLS, which it equals, so that each names its business and could be
    /// routed to one node by `client_id` on Citus (docs/scaling.md; `scripts/routing-check` fails CI otherwise).
    public var business: UUID? {
        identity.role == .authenticated ? identity.userId : nil
    }
}
