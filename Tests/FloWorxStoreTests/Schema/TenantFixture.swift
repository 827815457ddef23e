import Foundation
import FloWorxStore
import FloWorxTestSupport
import PostgresNIO

/// Two signed-up tenants with one row of their own in each of the 17 tables, written by the service.
///
/// Each tenant's integration holds credentials (`{"access_token": "enc:<tenant>"}`), so that a leak would show.
enum TenantFixture {
    /// Signs up tenants A and B (the sign-up trigger makes their profiles) and inserts their rows.
    static func insert(into database: TestDatabase) async throws {
        try await database.database.service.transaction { connection in
            for tenant in Tenant.allCases {
                try await connection.query("INSERT INTO auth.users (id, email) VALUES (\(tenant.id), \(tenant.email))")
                // The matrix counts exactly one row per tenant and table: set aside the safety-default rules that every
                // new profile gets (DefaultEscalationRulesTests covers them).
                try await connection.query("DELETE FROM public.escalation_rules WHERE client_id = \(tenant.id)")
                // The contract's order puts every parent table before its children.
                for table in TenantTable.all where !table.isProfile {
                    try await connection.query(table.insert(table.rowID(tenant), table.owner(tenant)))
                }
                try await connection.query(
                    "UPDATE public.integrations SET credentials = \(credentials(tenant))::jsonb WHERE id = \(TenantTable.named("integrations").rowID(tenant))"
                )
            }
        }
    }

    /// The credentials document stored for `tenant`.
    static func credentials(_ tenant: Tenant) -> String {
        #"{"access_token": "enc:"# + tenant.rawValue + #""}"#
    }
}
