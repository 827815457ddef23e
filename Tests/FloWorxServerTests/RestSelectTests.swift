import FloWorxCore
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
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

    /// Reads without embeddings or JSON paths render the SQL they always did (the prepared-statement cache and the
    /// plain-read benchmark depend on it): one table, no joins, the filter's values bound.
    @Test func plainReadsRenderTheSameSQL() async throws {
        try await TestApp.with { app in
            let catalog = try await app.db.database.service.withConnection { connection in
                try await Catalog.load(connection.connection, logger: app.db.database.logger)
            }
            let sql = RestSQL(catalog: catalog, role: "authenticated")
            let read = RestRead(
                table: "workflows", selection: .columns([RestSelectItem(column: "name"), RestSelectItem(column: "version", alias: "v")]),
                conditions: [.compare(column: "version", op: .gt, operand: .value("1"))], order: [RestOrder(column: "version", descending: true)], limit: 2
            )
            #expect(try sql.read(read).sql == #"SELECT coalesce(json_agg(_r), '[]')::text, count(*)::text FROM (SELECT _t."name" AS "name", _t."version" AS "v" FROM "public"."workflows" AS _t WHERE ((_t."version" > $1::text::"int4")) ORDER BY _t."version" DESC LIMIT $2) _r"#)
            let all = try sql.read(RestRead(table: "workflow_metrics", selection: try PostgRESTParser.selection("*")))
            #expect(all.sql == #"SELECT coalesce(json_agg(_r), '[]')::text, count(*)::text FROM (SELECT _t."id", _t."workflow_id", _t."execution_time", _t."success_rate", _t."error_count", _t."recorded_at", _t."execution_count", _t."success_count", _t."avg_execution_time" FROM "public"."workflow_metrics" AS _t) _r"#)
        }
    }
}
