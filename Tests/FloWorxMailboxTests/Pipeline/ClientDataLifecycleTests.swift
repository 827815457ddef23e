import FloWorxCore
import FloWorxIntegrations
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// Issue 14's data lifecycle: `floworx clients export` and `floworx clients delete` (`ClientDataRepository`,
/// `MailboxRevocation`) on a business with a connected Gmail mailbox and processed mail, next to a second business.
@Suite struct ClientDataLifecycleTests {
    /// Every table that refers to a business — a `client_id` column, or a foreign key to a business's table — is in
    /// `ClientDataTables.all`, so the export cannot miss it and a deletion cannot leave it behind; and every listed
    /// table exists.
    @Test func everyTableThatRefersToABusinessIsListed() async throws {
        try await TestDatabase.with(connections: 2) { db in
            var catalog: Set<String> = ["public.profiles", "auth.users"]
            for try await name in try await db.database.service.query("""
                SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'floworx', 'auth', 'rollups') AND (
                  EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'client_id' AND NOT a.attisdropped)
                  OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.confrelid IN (
                    'public.profiles'::regclass, 'auth.users'::regclass, 'public.email_logs'::regclass, 'public.workflows'::regclass,
                    'public.subscriptions'::regclass, 'public.integrations'::regclass, 'floworx.auth_sessions'::regclass)))
                """).decode(String.self) { catalog.insert(name) }
            let listed = Set(ClientDataTables.all.map(\.name))
            #expect(catalog.subtracting(listed).sorted() == [], "tables that refer to a business but are neither exported nor deleted")
            #expect(listed.subtracting(catalog).sorted() == [], "listed tables that do not exist or do not refer to a business")
        }
    }

    @Test func theExportHoldsTheBusinessesDataAndNoSecret() async throws {
        try await GmailFixture.with { fixture in
            try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.syncAndProcess()
            let other = try await Self.otherBusiness(fixture)
            let tokens = try JSONDecoder().decode(OAuthTokens.self, from: try #require(try await fixture.credentials.credentials(integrationId: fixture.integrationId)))

            let text = try await Self.export(fixture)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(document["format"] as? String == "floworx-client-export")
            let tables = try #require(document["tables"] as? [String: [[String: Any]]])
            #expect(tables["public.email_logs"]?.count == 1)
            #expect(tables["public.ai_responses"]?.count == 1, "the draft of the processed email")
            #expect((tables["public.analytics_events"]?.count ?? 0) > 0)
            #expect(tables["public.profiles"]?.first?["id"] as? String == fixture.client.uuidString.lowercased())
            #expect(tables["auth.users"]?.first?["email"] as? String == "owner@northlinehvac.ca")
            // Never a credential: no password hash, no token, no ciphertext, no push secret.
            #expect(tables["auth.users"]?.first?["encrypted_password"] == nil && tables["auth.users"]?.first?.keys.contains("encrypted_password") == false)
            let integration = try #require(tables["public.integrations"]?.first)
            #expect(integration["provider"] as? String == "gmail" && !integration.keys.contains("credentials"))
            #expect(tables["floworx.mailboxes"]?.first?.keys.contains("push_secret_sha256") == false)
            let refreshToken = try #require(tokens.refreshToken)
            #expect(!text.contains(tokens.accessToken))
            #expect(!text.contains(refreshToken))
            // Nothing of the other business, and no operational state.
            #expect(!text.contains(other.uuidString.lowercased()))
            #expect(tables["floworx.oauth_states"] == nil && tables["floworx.jobs"] == nil && tables["floworx.auth_sessions"] == nil)
        }
    }

    @Test func deletionDisconnectsTheMailboxAndLeavesNothingOfTheBusiness() async throws {
        try await GmailFixture.with { fixture in
            try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.deliver("001-no-heat-minus-30.eml")
            try await fixture.syncAndProcess()
            let other = try await Self.otherBusiness(fixture)
            let othersBefore = try await Self.rowsReferring(to: other, fixture)
            let tokens = try JSONDecoder().decode(OAuthTokens.self, from: try #require(try await fixture.credentials.credentials(integrationId: fixture.integrationId)))
            let repository = ClientDataRepository(database: fixture.service)

            // A preview counts and changes nothing.
            let preview = try await repository.delete(fixture.client, commit: false)
            #expect(preview.first { $0.table == "public.email_logs" }?.rows == 2)
            #expect(try await repository.remaining(fixture.client).contains("public.email_logs"))

            // Disconnected at Google: the grant is revoked, so the old access token no longer reads the mailbox.
            var server = MailboxServerConfiguration()
            server.oauth["gmail"] = fixture.configuration.oauth["gmail"]
            server.gmail = fixture.configuration.gmail
            let revocation = MailboxRevocation(configuration: server, credentials: fixture.credentials, mailboxes: MailboxRepository(database: fixture.service))
            let integrations = try await repository.integrations(fixture.client)
            #expect(integrations.map(\.provider) == ["gmail"])
            #expect(await revocation.revoke(try #require(integrations.first), logger: TestCluster.logger))
            await #expect(throws: MailProviderError.self) { _ = try await fixture.configuration.gmail.profile(accessToken: tokens.accessToken) }

            let deleted = try await repository.delete(fixture.client)
            #expect(deleted.map(\.table) == preview.map(\.table) && deleted.map(\.rows) == preview.map(\.rows), "the preview counted what was deleted")
            #expect(deleted.contains { $0.table == "auth.users" && $0.rows == 1 })
            #expect(try await repository.remaining(fixture.client) == [])
            #expect(try await Self.rowsReferring(to: fixture.client, fixture) == 0, "no table holds a row with the business's id")
            #expect(try await Self.rowsReferring(to: other, fixture) == othersBefore, "the other business keeps every row")
            #expect(try await repository.business(fixture.client).exists == false)
        }
    }

    /// A second business with a rule and a log row of its own.
    static func otherBusiness(_ fixture: GmailFixture) async throws -> UUID {
        let setup = try JSONDecoder().decode(ClientSetup.self, from: Data("{}".utf8))
        let other = try await ClientSeeder(database: fixture.service).create(email: "owner@other.test", passwordHash: nil, setup: setup)
        try await fixture.service.query("""
            INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, subject, status) VALUES (\(other), 'other-1', 'a@b.test', 'c@d.test', 'Other', 'processed')
            """)
        return other
    }

    /// Rows, in every table with a `client_id` column (plus `profiles` and `auth.users` by id), that belong to `client`.
    static func rowsReferring(to client: UUID, _ fixture: GmailFixture) async throws -> Int {
        var tables: [String] = []
        for try await name in try await fixture.service.query("""
            SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.columns
            WHERE column_name = 'client_id' AND table_schema IN ('public', 'floworx')
              AND (table_schema, table_name) IN (SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')
            """).decode(String.self) { tables.append(name) }
        let union = (tables.map { "SELECT count(*) FROM \($0) WHERE client_id = $1" }
            + ["SELECT count(*) FROM public.profiles WHERE id = $1", "SELECT count(*) FROM auth.users WHERE id = $1"]).joined(separator: " UNION ALL ")
        var binds = PostgresBindings()
        binds.append(client)
        let rows = try await fixture.service.query(PostgresQuery(unsafeSQL: "SELECT sum(count)::int FROM (\(union)) c(count)", binds: binds)).collect()
        return try rows[0].decode(Int.self)
    }

    static func export(_ fixture: GmailFixture) async throws -> String {
        let box = TextBox()
        _ = try await ClientDataRepository(database: fixture.service).export(fixture.client) { box.text += $0 }
        return box.text
    }
}

/// Collects an export's chunks.
private final class TextBox: @unchecked Sendable {
    var text = ""
}
