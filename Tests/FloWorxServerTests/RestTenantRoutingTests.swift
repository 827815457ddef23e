import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import Testing

/// A signed-in caller's data API statements name the caller's business next to row-level security (issue 14, item 7;
/// docs/scaling.md): what Citus routes by. `scripts/routing-check` judges every statement the suites issue; this pins
/// the builder's rendering, so a change to it shows here first.
@Suite struct RestTenantRoutingTests {
    @Test func aSignedInCallersStatementsNameTheirBusiness() async throws {
        try await TestApp.with { app in
            let catalog = try await app.db.database.service.withConnection { connection in
                try await Catalog.load(connection.connection, logger: app.db.database.logger)
            }
            let business = UUID()
            var sql = RestSQL(catalog: catalog, role: "authenticated")
            sql.tenant = business
            let read = RestRead(
                table: "workflows", selection: .columns([RestSelectItem(column: "name")]),
                conditions: [.compare(column: "version", op: .gt, operand: .value("1"))]
            )
            let statement = try sql.read(read)
            #expect(statement.sql == #"SELECT coalesce(json_agg(_r), '[]')::text, count(*)::text FROM (SELECT _t."name" AS "name" FROM "public"."workflows" AS _t WHERE _t."client_id" = $1::text::uuid AND ((_t."version" > $2::text::"int4"))) _r"#)
            #expect(statement.binds.values == [.text(business.uuidString.lowercased()), .text("1")])

            // A seed table without client_id is pinned through its parent's key; an embedded table gets its own filter.
            let metrics = try sql.read(RestRead(table: "workflow_metrics", selection: try PostgRESTParser.selection("id,workflows(name)")))
            #expect(metrics.sql.contains(#"_t1."client_id" = $1::text::uuid"#))
            #expect(metrics.sql.contains(#"WHERE _t."workflow_id" IN (SELECT _p.id FROM public."workflows" AS _p WHERE _p."client_id" = $2::text::uuid)"#))

            // Writes too; the service role spans businesses by design and is not pinned.
            let delete = try sql.delete(RestDelete(table: "escalation_rules", conditions: [.compare(column: "name", op: .eq, operand: .value("x"))], returning: nil))
            #expect(delete.sql.contains(#"WHERE _t."client_id" = $1::text::uuid AND"#))
            let service = RestSQL(catalog: catalog, role: "service_role")
            #expect(!(try service.read(read)).sql.contains("client_id"))
        }
    }
}
