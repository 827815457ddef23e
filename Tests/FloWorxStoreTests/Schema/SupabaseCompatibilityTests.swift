import Foundation
import FloWorxStore
import FloWorxTestSupport
import PostgresNIO
import Testing

/// The Supabase objects the schema relies on, as plain PostgreSQL gets them: the API roles and auth.uid(), auth.role(),
/// auth.jwt(), read from the request's JWT claims the way PostgREST sets them.
@Suite struct SupabaseCompatibilityTests {
    /// anon, authenticated and service_role exist, nobody logs in as them, only service_role bypasses RLS, and the
    /// migrating user (FloWorx's own connection) may switch to each.
    @Test func theAPIRolesExist() async throws {
        try await TestDatabase.with { db in
            let rows = try await db.database.service.query(
                """
                SELECT rolname::text, rolcanlogin, rolbypassrls, pg_has_role(current_user, oid, 'MEMBER')
                FROM pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role') ORDER BY rolname
                """
            )
            var roles: [String] = []
            for try await (name, login, bypass, member) in rows.decode((String, Bool, Bool, Bool).self) {
                roles.append("\(name) login:\(login) bypassrls:\(bypass) member:\(member)")
            }
            #expect(roles == [
                "anon login:false bypassrls:false member:true",
                "authenticated login:false bypassrls:false member:true",
                "service_role login:false bypassrls:true member:true",
            ])
        }
    }

    /// auth.uid() is the subject of request.jwt.claims (PostgREST 9 and later), or of the older per-claim
    /// request.jwt.claim.sub, which wins when both are set; NULL without claims.
    @Test(arguments: [
        ClaimCase(claimSub: nil, claims: #"{"sub": "00000000-0000-4000-8000-00000000000a", "role": "authenticated"}"#, uid: Tenant.a.id),
        ClaimCase(claimSub: Tenant.b.id.uuidString, claims: nil, uid: Tenant.b.id),
        ClaimCase(claimSub: Tenant.b.id.uuidString, claims: #"{"sub": "00000000-0000-4000-8000-00000000000a"}"#, uid: Tenant.b.id),
        ClaimCase(claimSub: "", claims: #"{"sub": "00000000-0000-4000-8000-00000000000a"}"#, uid: Tenant.a.id),
        ClaimCase(claimSub: "", claims: "", uid: nil),
        ClaimCase(claimSub: nil, claims: nil, uid: nil),
    ])
    func authUIDReadsTheClaims(claim: ClaimCase) async throws {
        let (claimSub, claims) = (claim.claimSub, claim.claims)
        try await TestDatabase.with { db in
            let result = try await db.withConnection { connection in
                try await connection.query("BEGIN", logger: TestCluster.logger)
                if let claimSub {
                    try await connection.query("SELECT set_config('request.jwt.claim.sub', \(claimSub), true)", logger: TestCluster.logger)
                }
                if let claims {
                    try await connection.query("SELECT set_config('request.jwt.claims', \(claims), true)", logger: TestCluster.logger)
                }
                try await connection.query("SET LOCAL ROLE authenticated", logger: TestCluster.logger)
                let uid = try await connection.query("SELECT auth.uid()", logger: TestCluster.logger).collect().first?.decode(UUID?.self)
                try await connection.query("ROLLBACK", logger: TestCluster.logger)
                return uid ?? nil
            }
            #expect(result == claim.uid)
        }
    }

    /// A tenant transaction of the server sets what auth.uid(), auth.role() and auth.jwt() read, and runs as the role.
    @Test func aTenantTransactionIsSeenAsItsUser() async throws {
        try await TestDatabase.with { db in
            let user = UUID()
            let seen = try await db.database.tenant(.user(user, email: "sam@example.com")).transaction { connection in
                try await connection.query(
                    "SELECT auth.uid(), auth.role(), auth.jwt() ->> 'email', current_user::text"
                ).collect().first?.decode((UUID, String, String, String).self)
            }
            #expect(seen?.0 == user)
            #expect(seen?.1 == "authenticated")
            #expect(seen?.2 == "sam@example.com")
            #expect(seen?.3 == "authenticated")
        }
    }

    /// The API roles may call the claim functions (every policy does, as the tenant's role) but may not read auth.users,
    /// which holds password hashes.
    @Test func theAPIRolesCallTheClaimFunctionsButCannotReadUsers() async throws {
        try await TestDatabase.with { db in
            for role in ["anon", "authenticated", "service_role"] {
                for function in ["auth.uid()", "auth.role()", "auth.jwt()"] {
                    let callable = try await db.bool("SELECT has_function_privilege(\(role), \(function), 'EXECUTE')")
                    #expect(callable, "\(role) \(function)")
                }
                let readsUsers = try await db.bool("SELECT has_table_privilege(\(role), 'auth.users', 'SELECT')")
                #expect(!readsUsers, "\(role)")
            }
            await expectServerError("42501", message: "permission denied for table users") {
                _ = try await db.ids(as: .user(UUID()), "SELECT id FROM auth.users")
            }
        }
    }

    /// Settings of one request and the auth.uid() they give.
    struct ClaimCase: Sendable, CustomTestStringConvertible {
        /// request.jwt.claim.sub, or unset.
        var claimSub: String?
        /// request.jwt.claims, or unset.
        var claims: String?
        /// What auth.uid() returns.
        var uid: UUID?

        var testDescription: String { "claim.sub \(claimSub ?? "unset"), claims \(claims ?? "unset")" }
    }
}
