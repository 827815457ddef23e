import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The `select` grammar: every item after `*` is honoured (columns, aliases, casts, JSON paths, embeddings) or refused
/// with PostgREST's error; nothing is silently dropped.
@Suite struct RestSelectTests {
    @Test func starWithAnUnknownColumnIs42703() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let response = try await app.request(.get, "/rest/v1/workflows?select=*,no_such_column", as: .user(fixture.a))
            try expectRestError(response, .badRequest, code: "42703", message: "column workflows.no_such_column does not exist")
            let later = try await app.request(.get, "/rest/v1/workflows?select=name,*,nope::text", as: .user(fixture.a))
            try expectRestError(later, .badRequest, code: "42703", message: "column workflows.nope does not exist")
        }
    }

    @Test func starKeepsTheItemsAfterIt() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let rows = try await app.request(.get, "/rest/v1/workflows?select=*,v:version::text,title:name&version=eq.2", as: .user(fixture.a)).rows()
            let row = try #require(rows.first)
            #expect(rows.count == 1)
            #expect(row.keys == ["client_id", "created_at", "deployed_at", "id", "is_active", "name", "title", "updated_at", "v", "version", "workflow_data"])
            #expect(row["v"] == .string("2"))
            #expect(row["version"] == .number(2))
            #expect(row["title"] == .string("Escalate"))
        }
    }

    @Test(arguments: ["name,", "*,(name)", "name:", "w:workflows!a!b(name)", "...profiles(id)", "name,profiles(id", "profiles(id)x"])
    func malformedSelectIsPGRST100(select: String) async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let encoded = select.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? select
            let response = try await app.request(.get, "/rest/v1/workflows?select=\(encoded)", as: .user(fixture.a))
            try expectRestError(response, .badRequest, code: "PGRST100")
        }
    }

    @Test func unsupportedCastIsRefused() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let response = try await app.request(.get, "/rest/v1/workflows?select=*,version::pg_catalog.regclass", as: .user(fixture.a))
            try expectRestError(response, .badRequest, code: "PGRST100")
        }
    }

    @Test func starWithAnEmbeddingReturnsTheEmbeddedData() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let rows = try await app.request(.get, "/rest/v1/workflows?select=*,profiles(id)&version=eq.1", as: .user(fixture.a)).rows()
            #expect(rows.count == 1)
            #expect(rows.first?["profiles"] == .object(["id": .string(fixture.a.id)]))
            #expect(rows.first?["name"] == .string("Intake"))
        }
    }

    @Test func writesEmbedInTheirRepresentation() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let updated = try await app.request(
                .patch, "/rest/v1/workflows?select=name,version,owner:profiles(id),workflow_metrics(id)&version=eq.1", as: .user(fixture.a),
                headers: WorkflowFixture.representation, json: #"{"version": 7}"#
            )
            #expect(updated.status == .ok, "\(updated.text)")
            #expect(try updated.rows() == [.object([
                "name": .string("Intake"), "version": .number(7), "owner": .object(["id": .string(fixture.a.id)]), "workflow_metrics": .array([]),
            ])])
            let inserted = try await app.request(
                .post, "/rest/v1/workflows?select=name,profiles(id)", as: .user(fixture.a), headers: WorkflowFixture.representation,
                json: #"[{"client_id": "\#(fixture.a.id)", "name": "New", "workflow_data": {}}, {"client_id": "\#(fixture.a.id)", "name": "Newer", "workflow_data": {}}]"#
            )
            #expect(inserted.status == .created, "\(inserted.text)")
            #expect(try inserted.rows() == [
                .object(["name": .string("New"), "profiles": .object(["id": .string(fixture.a.id)])]),
                .object(["name": .string("Newer"), "profiles": .object(["id": .string(fixture.a.id)])]),
            ])
            // A write whose representation cannot be rendered changes nothing.
            let refused = try await app.request(
                .patch, "/rest/v1/workflows?select=name,invoices(id)&name=eq.Escalate", as: .user(fixture.a),
                headers: WorkflowFixture.representation, json: #"{"version": 8}"#
            )
            try expectRestError(refused, .badRequest, code: "PGRST200")
            let unchanged = try await app.request(.get, "/rest/v1/workflows?select=version&name=eq.Escalate", as: .user(fixture.a)).rows()
            #expect(unchanged.compactMap { $0["version"]?.numberValue } == [2])
        }
    }
}
