import Foundation
import FloWorxStore
import FloWorxTestSupport
import PostgresNIO
import Testing

/// integrations.credentials (the encrypted OAuth tokens) does not exist for the API roles: no statement of a tenant or
/// of anon can read or write it, even on the tenant's own row; only the service can.
@Suite struct CredentialsColumnTests {
    static let denied = "permission denied for table integrations"
    let integrations = TenantTable.named("integrations")

    /// Every way a statement can read the column fails, for the tenant and for anon.
    @Test(arguments: [
        "SELECT credentials FROM public.integrations",
        "SELECT * FROM public.integrations",
        "SELECT i FROM public.integrations i",
        "SELECT to_jsonb(i) FROM public.integrations i",
        "SELECT id FROM public.integrations WHERE credentials IS NOT NULL",
        "SELECT id FROM public.integrations ORDER BY credentials",
        "UPDATE public.integrations SET status = 'active' RETURNING credentials",
        "DELETE FROM public.integrations RETURNING *",
    ])
    func noStatementReadsTheColumn(sql: String) async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            for identity in [Tenant.a.identity, RequestIdentity.anonymous] {
                await expectServerError("42501", message: Self.denied) {
                    _ = try await db.ids(as: identity, PostgresQuery(unsafeSQL: sql))
                }
            }
            #expect(try await db.ids(integrations.selectIDs).count == 2, "the DELETE was refused")
        }
    }

    /// Nor can a tenant write the column, on insert or update of its own row.
    @Test func aTenantCannotWriteTheColumn() async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            let tenant = Tenant.a.identity
            await expectServerError("42501", message: Self.denied) {
                _ = try await db.ids(as: tenant, """
                    INSERT INTO public.integrations (client_id, provider, credentials) VALUES (\(Tenant.a.id), 'outlook', \(#"{"access_token": "x"}"#)::jsonb)
                    """)
            }
            await expectServerError("42501", message: Self.denied) {
                _ = try await db.ids(as: tenant, "UPDATE public.integrations SET credentials = '{}' WHERE id = \(integrations.rowID(.a))")
            }
            await expectServerError("42501", message: Self.denied) {
                _ = try await db.ids(as: tenant, "UPDATE public.integrations SET credentials = credentials || '{}' WHERE id = \(integrations.rowID(.a))")
            }
            #expect(try await storedCredentials(db, .a) == TenantFixture.credentials(.a))
        }
    }

    /// The tenant still manages its integrations through the other columns; its changes leave the credentials alone,
    /// and a new integration starts with none.
    @Test func aTenantManagesItsIntegrationsWithoutTouchingCredentials() async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            let tenant = Tenant.a.identity
            let rows = try await db.ids(as: tenant, "SELECT id FROM public.integrations WHERE provider = 'gmail' AND status = 'active'")
            #expect(rows == [integrations.rowID(.a)])
            #expect(try await db.ids(as: tenant, integrations.update(integrations.rowID(.a))) == [integrations.rowID(.a)])
            #expect(try await storedCredentials(db, .a) == TenantFixture.credentials(.a))
            let new = try await db.ids(as: tenant, "INSERT INTO public.integrations (client_id, provider) VALUES (\(Tenant.a.id), 'outlook') RETURNING id")
            let id = try #require(new.first)
            #expect(try await db.text("SELECT credentials::text FROM public.integrations WHERE id = \(id)") == "{}")
        }
    }

    /// The service reads every tenant's credentials, as the owner and as service_role.
    @Test func theServiceReadsEveryTenantsCredentials() async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            let query: PostgresQuery = "SELECT id FROM public.integrations WHERE credentials ? 'access_token'"
            #expect(try await db.ids(query) == [integrations.rowID(.a), integrations.rowID(.b)])
            #expect(try await db.ids(as: .service, query) == [integrations.rowID(.a), integrations.rowID(.b)])
        }
    }

    /// The privilege catalog agrees: no API role but service_role holds any privilege on the column.
    @Test func noAPIRoleHoldsAPrivilegeOnTheColumn() async throws {
        try await TestDatabase.with { db in
            for role in ["anon", "authenticated", "public"] {
                for privilege in ["SELECT", "INSERT", "UPDATE", "REFERENCES"] {
                    let held = try await db.bool("SELECT has_column_privilege(\(role), 'public.integrations', 'credentials', \(privilege))")
                    #expect(!held, "\(role) \(privilege)")
                }
            }
            let grantees = try await db.text(
                """
                SELECT string_agg(DISTINCT grantee::text, ',' ORDER BY grantee::text) FROM information_schema.column_privileges
                WHERE table_schema = 'public' AND table_name = 'integrations' AND column_name = 'credentials'
                  AND grantee <> (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'integrations')
                """
            )
            #expect(grantees == "service_role")
        }
    }

    private func storedCredentials(_ db: TestDatabase, _ tenant: Tenant) async throws -> String? {
        try await db.text("SELECT credentials::text FROM public.integrations WHERE id = \(integrations.rowID(tenant))")
    }
}
