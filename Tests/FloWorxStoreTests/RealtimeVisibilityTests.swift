import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// `floworx.realtime_visible` as the dispatcher calls it (one statement, no transaction around it), batch after batch
/// on one connection: each group gets exactly the rows row-level security lets it read, with its own filters, however
/// the groups are ordered — and no role or claims are left on the connection afterwards.
@Suite struct RealtimeVisibilityTests {
    @Test func eachGroupSeesOnlyItsOwnRowsBatchAfterBatchOnOneConnection() async throws {
        try await TestDatabase.with(connections: 1) { db in
            try await TenantFixture.insert(into: db)
            var keys: [Tenant: [String]] = [:]
            var urgent: Set<String> = []
            try await db.database.service.transaction { connection in
                for tenant in Tenant.allCases {
                    let rows = try await connection.query("""
                        INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, subject)
                        SELECT \(tenant.id), 'rt-' || \(tenant.rawValue) || i, 'customer@example.com', 'office@example.com',
                               CASE WHEN i % 2 = 0 THEN 'urgent' ELSE 'other' END
                          FROM generate_series(1, 6) i
                        RETURNING id::text, subject
                        """)
                    for try await (id, subject) in rows.decode((String, String).self) {
                        keys[tenant, default: []].append(id)
                        if subject == "urgent" { urgent.insert(id) }
                    }
                }
            }
            let a = try Set(#require(keys[.a])), b = try Set(#require(keys[.b]))
            let filter = try RealtimeFilter(parsing: "subject=eq.urgent")
            let service = RequestIdentity(role: .serviceRole, userId: nil, claimsJSON: #"{"role":"service_role"}"#)
            // Tenants alternate, with the anon and service roles (other plans) in between.
            let groups = [
                RealtimeSubscriberGroup(identity: Tenant.a.identity, filters: []),
                RealtimeSubscriberGroup(identity: Tenant.b.identity, filters: []),
                RealtimeSubscriberGroup(identity: .anonymous, filters: []),
                RealtimeSubscriberGroup(identity: Tenant.b.identity, filters: [filter]),
                RealtimeSubscriberGroup(identity: service, filters: []),
                RealtimeSubscriberGroup(identity: Tenant.a.identity, filters: [filter]),
            ]
            let repository = RealtimeRepository(database: db.database.service)
            for order in [groups, Array(groups.reversed()), groups] {
                let rows = try await repository.visible(table: "email_logs", keys: Array(a.union(b)), deletedRows: [], groups: order)
                func seen(_ group: RealtimeSubscriberGroup) throws -> [RealtimeVisibleRow] {
                    let index = try #require(order.firstIndex(of: group))
                    return rows.filter { $0.group == index }
                }
                #expect(try Set(seen(groups[0]).map(\.key)) == a)
                #expect(try Set(seen(groups[1]).map(\.key)) == b)
                #expect(try seen(groups[2]).isEmpty)
                #expect(try Set(seen(groups[3]).map(\.key)) == b)
                #expect(try Set(seen(groups[3]).filter { $0.matches == [true] }.map(\.key)) == b.intersection(urgent))
                #expect(try Set(seen(groups[4]).map(\.key)) == a.union(b))
                #expect(try Set(seen(groups[5]).filter { $0.matches == [true] }.map(\.key)) == a.intersection(urgent))
                #expect(try seen(groups[0]).allSatisfy { $0.record?.contains(Tenant.a.id.uuidString.lowercased()) == true })
            }
            // The function's settings ended with its statement: the connection is back to the owner without claims.
            let state = try await db.database.service.withConnection { connection in
                let rows = try await connection.query(
                    "SELECT current_user::text, current_setting('role'), coalesce(current_setting('request.jwt.claims', true), '')"
                )
                for try await row in rows.decode((String, String, String).self) { return row }
                return ("", "", "")
            }
            #expect(state.0 != "authenticated" && state.0 != "anon")
            #expect(state.1 == "none")
            #expect(state.2 == "")
        }
    }
}
