import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// Tenant isolation through the data API, enforced by row-level security: reads of every table, and writes across
/// tenants.
@Suite struct RestIsolationTests {
    @Test(arguments: ServiceRows.tables.map(\.name))
    func aTenantReadsOnlyItsOwnRows(table: String) async throws {
        try await TestApp.with { app in
            let a = try await app.signUp(TestApp.uniqueEmail("a"))
            let b = try await app.signUp(TestApp.uniqueEmail("b"))
            let rows = try await ServiceRows.insert(app, tenants: [a, b])
            let ids = try #require(rows.ids[table])
            let mine = try #require(ids[a.userId])
            let theirs = try #require(ids[b.userId])

            let all = try await app.request(.get, "/rest/v1/\(table)?select=id", as: .user(a))
            #expect(all.status == .ok, "\(all.text)")
            #expect(try all.rows().strings("id") == [mine])
            let asked = try await app.request(.get, "/rest/v1/\(table)?select=id&id=eq.\(theirs)", as: .user(a))
            #expect(try asked.rows().isEmpty)
            let counted = try await app.request(.get, "/rest/v1/\(table)?select=id", as: .user(b), headers: WorkflowFixture.prefer("count=exact"))
            #expect(counted.headers[.contentRange] == "0-0/1")

            #expect(try await app.request(.get, "/rest/v1/\(table)?select=id", as: .anon).rows().isEmpty)
            #expect(try await app.request(.get, "/rest/v1/\(table)?select=id", as: .service).rows().strings("id") == [mine, theirs].sorted())
        }
    }

    @Test func aTenantReadsOnlyItsOwnProfile() async throws {
        try await TestApp.with { app in
            let a = try await app.signUp()
            let b = try await app.signUp()
            #expect(try await app.request(.get, "/rest/v1/profiles?select=id", as: .user(a)).rows().strings("id") == [a.id])
            #expect(try await app.request(.get, "/rest/v1/profiles?select=id&id=eq.\(b.id)", as: .user(a)).rows().isEmpty)
            #expect(try await app.request(.get, "/rest/v1/profiles", as: .anon).rows().isEmpty)
            #expect(try await app.request(.get, "/rest/v1/profiles?select=id", as: .service).rows().strings("id") == [a.id, b.id].sorted())
        }
    }

    /// Another tenant's rows cannot be changed, deleted, created or taken over; the attempts change nothing.
    @Test func aTenantCannotWriteAnotherTenantsRows() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let a = fixture.a
            let theirs = fixture.theirs
            let before = try await app.db.text(Self.snapshot(theirs))

            let patch = try await app.request(
                .patch, "/rest/v1/workflows?id=eq.\(theirs)", as: .user(a), headers: WorkflowFixture.representation, json: #"{"name": "Hijacked"}"#
            )
            #expect(patch.status == .ok)
            #expect(try patch.json() == .array([]))
            let delete = try await app.request(.delete, "/rest/v1/workflows?id=eq.\(theirs)", as: .user(a), headers: WorkflowFixture.representation)
            #expect(try delete.json() == .array([]))
            let broad = try await app.request(.delete, "/rest/v1/workflows?name=eq.Intake", as: .user(a), headers: WorkflowFixture.representation)
            #expect(try broad.rows().strings("id") == [fixture.ids["Intake"] ?? ""], "only A's own Intake")

            let create = try await app.request(
                .post, "/rest/v1/workflows", as: .user(a), json: #"{"client_id": "\#(fixture.b.id)", "name": "Planted", "workflow_data": {}}"#
            )
            try expectRestError(create, .forbidden, code: "42501")
            let escalate = try await app.request(.patch, "/rest/v1/workflows?name=eq.Escalate", as: .user(a), json: #"{"client_id": "\#(fixture.b.id)"}"#)
            try expectRestError(escalate, .forbidden, code: "42501")

            #expect(try await app.db.text(Self.snapshot(theirs)) == before)
            #expect(try await app.db.count("SELECT count(*) FROM public.workflows WHERE client_id = \(fixture.b.userId)") == 1)
            #expect(try await app.db.count("SELECT count(*) FROM public.workflows WHERE client_id = \(a.userId)") == 4)

            // Profiles: the other tenant's configuration is out of reach too.
            let profile = try await app.request(
                .patch, "/rest/v1/profiles?id=eq.\(fixture.b.id)", as: .user(a), headers: WorkflowFixture.representation,
                json: #"{"managers": [{"name": "Mallory", "email": "mallory@example.com"}]}"#
            )
            #expect(try profile.json() == .array([]))
            #expect(try await app.db.text("SELECT managers::text FROM public.profiles WHERE id = \(fixture.b.userId)") == "[]")
        }
    }

    /// The whole workflow row `id` as JSON text, to see whether anything changed it.
    static func snapshot(_ id: String) -> PostgresQuery {
        "SELECT to_jsonb(w)::text FROM public.workflows w WHERE id = \(UUID(uuidString: id))"
    }

    /// The service tables are the operator's to write: a tenant may only read them; the service key writes any tenant's.
    @Test func serviceTablesAreWrittenWithTheServiceKeyOnly() async throws {
        try await TestApp.with { app in
            let a = try await app.signUp()
            let rows = try await ServiceRows.insert(app, tenants: [a])
            let log = try #require(rows.ids["email_logs"]?[a.userId])

            let tenantUpdate = try await app.request(.patch, "/rest/v1/email_logs?id=eq.\(log)", as: .user(a), json: #"{"status": "processed"}"#)
            try expectRestError(tenantUpdate, .forbidden, code: "42501", message: "permission denied for table email_logs")
            let tenantDelete = try await app.request(.delete, "/rest/v1/subscriptions?client_id=eq.\(a.id)", as: .user(a))
            try expectRestError(tenantDelete, .forbidden, code: "42501")

            let serviceUpdate = try await app.request(
                .patch, "/rest/v1/email_logs?id=eq.\(log)&select=status", as: .service, headers: WorkflowFixture.representation, json: #"{"status": "processed"}"#
            )
            #expect(try serviceUpdate.json() == .array([.object(["status": .string("processed")])]))
            #expect(try await app.request(.get, "/rest/v1/email_logs?select=status", as: .user(a)).json() == .array([.object(["status": .string("processed")])]))
            #expect(try await app.db.count("SELECT count(*) FROM public.subscriptions") == 1)
        }
    }
}
