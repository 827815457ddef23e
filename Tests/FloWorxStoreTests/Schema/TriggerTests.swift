import Foundation
import FloWorxTestSupport
import PostgresNIO
import Testing

/// The contract's updated_at triggers and the sign-up trigger that creates a user's profile.
@Suite struct TriggerTests {
    /// Every table of the contract with an updated_at column stamps it on UPDATE, whatever the update sets it to.
    @Test(arguments: try SeedSchema.load().tables(withColumn: "updated_at"))
    func anUpdateStampsUpdatedAt(tableName: String) async throws {
        let table = TenantTable.named(tableName)
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            let stamped = try await db.bool(
                """
                UPDATE public.\(unescaped: table.name) SET updated_at = \("2000-01-01T00:00:00Z")::timestamptz
                WHERE id = \(table.rowID(.a)) RETURNING updated_at = now()
                """
            )
            #expect(stamped)
            // As the contract writes it for profiles, with the table's name.
            let trigger = try await db.text(
                "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = \("public." + table.name)::regclass AND tgname = \("update_\(table.name)_updated_at")"
            )
            #expect(trigger == "CREATE TRIGGER update_\(table.name)_updated_at BEFORE UPDATE ON public.\(table.name) FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()")
        }
    }

    /// Signing up creates the user's profile, with the user's id and every document at its default.
    @Test func signingUpCreatesTheProfile() async throws {
        try await TestDatabase.with { db in
            let id = UUID()
            try await db.execute("INSERT INTO auth.users (id, email) VALUES (\(id), 'new@example.com')")
            let profile = try await db.text(
                """
                SELECT client_config::text || ' ' || managers::text || ' ' || suppliers::text || ' ' || email_labels::text
                       || ' ' || (created_at IS NOT NULL AND updated_at IS NOT NULL)
                FROM public.profiles WHERE id = \(id)
                """
            )
            #expect(profile == "{} [] [] {} true")
        }
    }

    /// Whoever signs users up needs no privilege on profiles: the trigger runs with its owner's rights.
    @Test func theSignUpTriggerNeedsNoPrivilegeOnProfiles() async throws {
        try await TestDatabase.with { db in
            let id = UUID()
            let created = try await db.withConnection { connection in
                try await connection.query("BEGIN", logger: TestCluster.logger)
                // anon stands in for a sign-up service that may insert users and nothing else; rolled back below.
                try await connection.query("GRANT INSERT ON auth.users TO anon", logger: TestCluster.logger)
                try await connection.query("SET LOCAL ROLE anon", logger: TestCluster.logger)
                let canWriteProfiles = try await connection.query(
                    "SELECT has_table_privilege('public.profiles', 'INSERT')", logger: TestCluster.logger
                ).collect().first?.decode(Bool.self)
                try await connection.query("INSERT INTO auth.users (id, email) VALUES (\(id), 'signup@example.com')", logger: TestCluster.logger)
                try await connection.query("RESET ROLE", logger: TestCluster.logger)
                let profiles = try await connection.query(
                    "SELECT count(*)::int FROM public.profiles WHERE id = \(id)", logger: TestCluster.logger
                ).collect().first?.decode(Int.self)
                try await connection.query("ROLLBACK", logger: TestCluster.logger)
                return (canWriteProfiles, profiles)
            }
            #expect(created.0 == false)
            #expect(created.1 == 1)
        }
    }

    /// Only the trigger calls the profile function: no API role may.
    @Test func noAPIRoleMayCallTheSignUpFunction() async throws {
        try await TestDatabase.with { db in
            for role in ["anon", "authenticated", "service_role"] {
                let callable = try await db.bool("SELECT has_function_privilege(\(role), 'public.handle_new_user()', 'EXECUTE')")
                #expect(!callable, "\(role)")
            }
        }
    }
}
