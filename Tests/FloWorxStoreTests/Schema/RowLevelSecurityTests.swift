import Foundation
import FloWorxStore
import FloWorxTestSupport
import PostgresNIO
import Testing

/// Tenant isolation, table by table: what tenant A sees and may write, as the policy matrix of `TenantTable` says.
@Suite struct RowLevelSecurityTests {
    /// The matrix covers exactly the contract's tables.
    @Test func theMatrixCoversEveryTableOfTheContract() throws {
        let seed = try SeedSchema.load()
        #expect(TenantTable.all.map(\.name) == seed.tables.map(\.name))
        #expect(TenantTable.all.map(\.number) == Array(1...17))
    }

    /// A tenant sees its own rows only, anon sees none, and the operator sees every tenant's.
    @Test(arguments: TenantTable.all)
    func aTenantSeesItsOwnRowsOnly(table: TenantTable) async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            for tenant in Tenant.allCases {
                #expect(try await db.ids(as: tenant.identity, table.selectIDs) == [table.rowID(tenant)], "tenant \(tenant)")
                let asked = try await db.ids(as: tenant.identity, "SELECT id FROM public.\(unescaped: table.name) WHERE id = \(table.rowID(tenant.other))")
                #expect(asked.isEmpty, "tenant \(tenant) asking for the other's row by id")
            }
            #expect(try await db.ids(as: .anonymous, table.selectIDs).isEmpty)
            #expect(try await db.ids(as: .service, table.selectIDs) == [table.rowID(.a), table.rowID(.b)])
        }
    }

    /// Tenant A cannot change, delete or create tenant B's rows: a command the matrix forbids fails with 42501
    /// (no privilege), an allowed one finds no row of B's or is refused by the policy's WITH CHECK. anon may not write.
    @Test(arguments: TenantTable.all)
    func aTenantCannotWriteAnotherTenantsRows(table: TenantTable) async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            let theirs = table.rowID(.b)
            let before = try await db.text(table.snapshot(theirs))

            try await expectRefusedOrNoRow(db, table, .update, table.update(theirs))
            try await expectRefusedOrNoRow(db, table, .delete, table.delete(theirs))
            await expectServerError("42501", message: table.tenantCommands.contains(.insert) ? Self.policyViolation(table) : Self.noPrivilege(table)) {
                _ = try await db.ids(as: Tenant.a.identity, table.insert(UUID(), table.owner(.b)))
            }

            // anon writes nothing at all.
            for query in [table.insert(UUID(), table.owner(.a)), table.update(theirs), table.delete(theirs)] {
                await expectServerError("42501", message: Self.noPrivilege(table)) {
                    _ = try await db.ids(as: .anonymous, query)
                }
            }

            #expect(try await db.text(table.snapshot(theirs)) == before)
            #expect(try await db.ids(table.selectIDs) == [table.rowID(.a), theirs], "no row was added or removed")
        }
    }

    /// Tenant A may update, delete and insert its own rows exactly where the matrix allows, and may never hand a row
    /// to tenant B.
    @Test(arguments: TenantTable.all)
    func aTenantWritesItsOwnRowsAsTheMatrixAllows(table: TenantTable) async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            let mine = table.rowID(.a)
            let tenant = Tenant.a.identity

            // Handing a row over: with UPDATE allowed, the policy's WITH CHECK refuses it (profiles: the id column
            // is not the tenant's to write at all).
            let handOverRefusal = table.tenantCommands.contains(.update) && !table.isProfile
                ? Self.policyViolation(table) : Self.noPrivilege(table)
            await expectServerError("42501", message: handOverRefusal) {
                _ = try await db.ids(as: tenant, table.reassign(mine, to: .b))
            }
            #expect(try await db.ids("SELECT id FROM public.\(unescaped: table.name) WHERE \(unescaped: table.ownerColumn) = \(table.owner(.b))") == [table.rowID(.b)])

            let before = try await db.text(table.snapshot(mine))
            if table.tenantCommands.contains(.update) {
                #expect(try await db.ids(as: tenant, table.update(mine)) == [mine])
                #expect(try await db.text(table.snapshot(mine)) != before)
            } else {
                await expectServerError("42501", message: Self.noPrivilege(table)) { _ = try await db.ids(as: tenant, table.update(mine)) }
                #expect(try await db.text(table.snapshot(mine)) == before)
            }

            if table.tenantCommands.contains(.delete) {
                #expect(try await db.ids(as: tenant, table.delete(mine)) == [mine])
                #expect(try await db.ids(as: tenant, table.selectIDs).isEmpty)
            } else {
                await expectServerError("42501", message: Self.noPrivilege(table)) { _ = try await db.ids(as: tenant, table.delete(mine)) }
                #expect(try await db.ids(as: tenant, table.selectIDs) == [mine])
            }

            // After the delete, so that one-row-per-client tables have room.
            let new = UUID()
            if table.tenantCommands.contains(.insert) {
                _ = try await db.ids(as: tenant, table.insert(new, table.owner(.a)))
                #expect(try await db.ids(as: tenant, table.selectIDs).contains(new))
            } else {
                await expectServerError("42501", message: Self.noPrivilege(table)) {
                    _ = try await db.ids(as: tenant, table.insert(new, table.owner(.a)))
                }
                #expect(try await db.ids("SELECT id FROM public.\(unescaped: table.name) WHERE id = \(new)").isEmpty)
            }
        }
    }

    /// Row-level security is on for every table of the contract (the owner, which FloWorx's service runs as, is exempt).
    @Test func rowLevelSecurityIsEnabledOnEveryTable() async throws {
        try await TestDatabase.with { db in
            let unprotected = try await db.text(
                """
                SELECT coalesce(string_agg(relname::text, ','), '') FROM pg_class
                WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND NOT relrowsecurity
                """
            )
            #expect(unprotected == "")
        }
    }

    /// pg_policies holds exactly the matrix: one policy per (table, allowed command), for role authenticated.
    @Test func thePoliciesAreExactlyTheMatrix() async throws {
        let expected = Set(TenantTable.all.flatMap { table in
            table.policies.map { "\(table.name) | \($0.value) | \($0.key.rawValue) | {authenticated}" }
        })
        try await TestDatabase.with { db in
            let rows = try await db.database.service.query(
                "SELECT tablename::text, policyname::text, cmd, roles::text FROM pg_policies WHERE schemaname IN ('public', 'auth', 'floworx')"
            )
            var policies: Set<String> = []
            for try await (table, name, command, roles) in rows.decode((String, String, String, String).self) {
                policies.insert("\(table) | \(name) | \(command) | \(roles)")
            }
            #expect(expected.count == 36)
            #expect(policies.subtracting(expected).sorted() == [], "policies the matrix does not have")
            #expect(expected.subtracting(policies).sorted() == [], "policies missing")
        }
    }

    /// Every policy compares with `(select auth.uid())`, evaluated once per statement, never a bare per-row auth.uid().
    @Test func everyPolicyCallsAuthUIDThroughASubSelect() async throws {
        try await TestDatabase.with { db in
            let rows = try await db.database.service.query(
                "SELECT tablename || '.' || policyname, coalesce(qual, ''), coalesce(with_check, '') FROM pg_policies WHERE schemaname = 'public'"
            )
            var count = 0
            for try await (policy, qual, check) in rows.decode((String, String, String).self) {
                count += 1
                let subSelect = "( SELECT auth.uid() AS uid)"
                #expect(qual.contains(subSelect) || check.contains(subSelect), "\(policy) compares with (select auth.uid())")
                for expression in [qual, check] {
                    #expect(!expression.replacingOccurrences(of: subSelect, with: "").contains("auth.uid()"), "\(policy): \(expression)")
                }
            }
            #expect(count == TenantTable.all.flatMap(\.policies).count)
        }
    }

    /// Refused for lack of privilege.
    static func noPrivilege(_ table: TenantTable) -> String {
        "permission denied for table \(table.name)"
    }

    /// Refused by a policy's WITH CHECK.
    static func policyViolation(_ table: TenantTable) -> String {
        "new row violates row-level security policy for table \"\(table.name)\""
    }

    /// A write to B's row by A: refused for lack of privilege when the matrix forbids `command`, else it finds no row.
    private func expectRefusedOrNoRow(
        _ db: TestDatabase, _ table: TenantTable, _ command: TenantTable.Command, _ query: PostgresQuery,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        if table.tenantCommands.contains(command) {
            #expect(try await db.ids(as: Tenant.a.identity, query).isEmpty, "\(command.rawValue) reached B's row", sourceLocation: sourceLocation)
        } else {
            await expectServerError("42501", message: Self.noPrivilege(table), sourceLocation: sourceLocation) {
                _ = try await db.ids(as: Tenant.a.identity, query)
            }
        }
    }
}
