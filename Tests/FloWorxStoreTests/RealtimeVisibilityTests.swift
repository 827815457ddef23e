import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// `floworx.realtime_visible` as the dispatcher calls it (one statement, no transaction around it), batch after batch
/// on one connection: each group gets exactly the rows row-level security lets it read, with its own filters, however
/// the groups are ordered — and no role or claims are left on the connection afterwards. The pipelined read the
/// dispatcher uses for inserted and updated rows (migration 0067) gives exactly the same rows.
@Suite struct RealtimeVisibilityTests {
    /// Six rows of each tenant (every other one `urgent`), and groups of both tenants, with and without a filter, with
    /// the anon and service roles in between.
    struct Fixture {
        var a: Set<String>
        var b: Set<String>
        var urgent: Set<String>
        var groups: [RealtimeSubscriberGroup]
    }

    static func fixture(_ db: TestDatabase) async throws -> Fixture {
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
        let filter = try RealtimeFilter(parsing: "subject=eq.urgent")
        let service = RequestIdentity(role: .serviceRole, userId: nil, claimsJSON: #"{"role":"service_role"}"#)
        return Fixture(a: try Set(#require(keys[.a])), b: try Set(#require(keys[.b])), urgent: urgent, groups: [
            RealtimeSubscriberGroup(identity: Tenant.a.identity, filters: []),
            RealtimeSubscriberGroup(identity: Tenant.b.identity, filters: []),
            RealtimeSubscriberGroup(identity: .anonymous, filters: []),
            RealtimeSubscriberGroup(identity: Tenant.b.identity, filters: [filter]),
            RealtimeSubscriberGroup(identity: service, filters: []),
            RealtimeSubscriberGroup(identity: Tenant.a.identity, filters: [filter]),
        ])
    }

    @Test func eachGroupSeesOnlyItsOwnRowsBatchAfterBatchOnOneConnection() async throws {
        try await TestDatabase.with(connections: 1) { db in
            let fixture = try await Self.fixture(db)
            let (a, b, urgent, groups) = (fixture.a, fixture.b, fixture.urgent, fixture.groups)
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

    /// The dispatcher's read of inserted and updated rows — per group the data API's role-and-claims statement and the
    /// row statement of migration 0067, all groups in one pipeline — gives row for row what `floworx.realtime_visible`
    /// gives, for every order of the groups, batch after batch on one pipelined connection, and as much as the keys
    /// change between batches.
    @Test func thePipelinedReadGivesExactlyTheRowsOfTheFunction() async throws {
        try await TestDatabase.with(connections: 1) { db in
            let fixture = try await Self.fixture(db)
            let reads = try #require(db.database.pipelinedReads)
            let byFunction = RealtimeRepository(database: db.database.service)
            let byPipeline = RealtimeRepository(database: db.database.service, reads: reads)
            let all = Array(fixture.a.union(fixture.b))
            let batches = [all, Array(fixture.a.prefix(2)) + Array(fixture.b.prefix(1)), all, Array(fixture.b)]
            for (number, keys) in batches.enumerated() {
                let order = number.isMultiple(of: 2) ? fixture.groups : Array(fixture.groups.reversed())
                let expected = try await byFunction.visible(table: "email_logs", keys: keys, deletedRows: [], groups: order)
                let rows = try await byPipeline.visibleInPipeline(table: "email_logs", keys: keys, groups: order)
                #expect(!expected.isEmpty)
                #expect(Set(rows) == Set(expected))
                #expect(rows.count == expected.count)
                // The dispatcher's entry point takes the same path for inserted and updated rows.
                let dispatched = try await byPipeline.visible(
                    table: "email_logs", keys: keys, deletedRows: [], groups: order, groupsJSON: RealtimeSubscriberGroup.json(order)
                )
                #expect(Set(dispatched) == Set(expected))
            }
            // A filter on a column the table does not have is refused by PostgreSQL, not read.
            let bad = try RealtimeFilter(parsing: "no_such_column=eq.1")
            await #expect(throws: (any Error).self) {
                try await byPipeline.visibleInPipeline(table: "email_logs", keys: all, groups: [RealtimeSubscriberGroup(identity: Tenant.a.identity, filters: [bad])])
            }
        }
    }
}
