import Foundation
import FloWorxTestSupport
import PostgresNIO
import Testing

/// CHECK value sets, foreign keys with their delete actions, and the contract's three unique rules, by behaviour.
@Suite struct ConstraintTests {
    /// Each `CHECK (column IN (...))` of the contract admits exactly its values.
    @Test(arguments: try SeedSchema.load().valueSets)
    func aValueSetAdmitsItsValuesOnly(valueSet: SeedSchema.ValueSet) async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            let id = TenantTable.named(valueSet.table).rowID(.a)
            func set(_ value: String) -> PostgresQuery {
                "UPDATE public.\(unescaped: valueSet.table) SET \(unescaped: valueSet.column) = \(value) WHERE id = \(id) RETURNING id"
            }
            for value in valueSet.values {
                #expect(try await db.ids(set(value)) == [id], "\(value)")
            }
            let error = await expectServerError("23514") {
                _ = try await db.ids(set(valueSet.values[0].uppercased() + "_unknown"))
            }
            #expect(error?[.constraintName] == "\(valueSet.table)_\(valueSet.column)_check")
        }
    }

    /// No row can name an owner (a profile, an auth user, a parent row) that does not exist.
    @Test(arguments: TenantTable.all)
    func aRowOfNobodyIsRefused(table: TenantTable) async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            await expectServerError("23503") {
                try await db.execute(table.insert(UUID(), UUID()))
            }
        }
    }

    /// Deleting an auth user deletes its profile and, through it, every row of its own in every table (CASCADE), except
    /// the tables whose foreign key says SET NULL: those keep the row without an owner. The other tenant keeps all.
    @Test func deletingAUserCascadesExceptWhereTheContractSaysSetNull() async throws {
        let seed = try SeedSchema.load()
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            try await db.execute("DELETE FROM auth.users WHERE id = \(Tenant.a.id)")
            let setNull = Set(seed.tables.filter(\.setsNullOnDelete).map(\.name))
            #expect(setNull == ["error_logs", "dead_letter_queue"])
            for table in TenantTable.all {
                let owner = try await db.text(
                    "SELECT coalesce(\(unescaped: table.ownerColumn)::text, 'NULL') FROM public.\(unescaped: table.name) WHERE id = \(table.rowID(.a))"
                )
                #expect(owner == (setNull.contains(table.name) ? "NULL" : nil), "\(table.name): A's row")
                let other = try await db.text(
                    "SELECT \(unescaped: table.ownerColumn)::text FROM public.\(unescaped: table.name) WHERE id = \(table.rowID(.b))"
                )
                #expect(other == table.owner(.b).uuidString.lowercased(), "\(table.name): B's row")
            }
        }
    }

    /// Deleting an email log, a workflow or a subscription deletes its AI responses, metrics or invoices.
    @Test(arguments: TenantTable.all.filter { $0.parent != nil })
    func deletingAParentDeletesItsChildren(child: TenantTable) async throws {
        let parent = try #require(child.parent)
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            try await db.execute(parent.delete(parent.rowID(.a)))
            let remaining = try await db.ids(child.selectIDs)
            #expect(remaining == [child.rowID(.b)])
        }
    }

    /// Unique rule 1: a provider message is logged once per client; another client may log the same message id.
    @Test func aMessageIsLoggedOncePerClient() async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            func log(_ tenant: Tenant) -> PostgresQuery {
                "INSERT INTO public.email_logs (client_id, message_id, from_email, to_email) VALUES (\(tenant.id), \("<m-1@example.com>"), 'f', 't')"
            }
            try await db.execute(log(.a))
            try await db.execute(log(.b))
            let error = await expectServerError("23505") { try await db.execute(log(.a)) }
            #expect(error?[.tableName] == "email_logs")
            #expect(error?[.constraintName] == "email_logs_client_id_message_id_key")
        }
    }

    /// Unique rule 2: at most one active communication style per client; inactive ones are kept, and switching
    /// means deactivating first.
    @Test func aClientHasOneActiveCommunicationStyle() async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            let fixture = TenantTable.named("communication_styles").rowID(.a)
            let draft = UUID()
            await expectServerError("23505") {
                try await db.execute("INSERT INTO public.communication_styles (client_id, name) VALUES (\(Tenant.a.id), 'second')")
            }
            try await db.execute("INSERT INTO public.communication_styles (id, client_id, name, is_active) VALUES (\(draft), \(Tenant.a.id), 'draft', false)")
            let error = await expectServerError("23505") {
                try await db.execute("UPDATE public.communication_styles SET is_active = true WHERE id = \(draft)")
            }
            #expect(error?[.constraintName] == "idx_communication_styles_client_id_active")
            try await db.execute("UPDATE public.communication_styles SET is_active = false WHERE id = \(fixture)")
            try await db.execute("UPDATE public.communication_styles SET is_active = true WHERE id = \(draft)")
            let active = try await db.ids("SELECT id FROM public.communication_styles WHERE is_active")
            #expect(active == [draft, TenantTable.named("communication_styles").rowID(.b)])
        }
    }

    /// Unique rule 3: one business_hours configuration per client.
    @Test func aClientHasOneBusinessHoursRow() async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            let error = await expectServerError("23505") {
                try await db.execute("INSERT INTO public.business_hours (client_id) VALUES (\(Tenant.a.id))")
            }
            #expect(error?[.constraintName] == "business_hours_client_id_key")
        }
    }
}
