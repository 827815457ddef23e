import Foundation
import FloWorxStore
import FloWorxTestSupport
import PostgresNIO
import Testing

/// The JSONB configuration columns are validated against their JSON schemas on every write, a tenant's included.
@Suite struct JSONValidationTests {
    /// A tenant writing a bad document gets check_violation with a message that names the failing field, and the
    /// error's TABLE, COLUMN and CONSTRAINT fields say which column's rule it broke.
    @Test(arguments: JSONDocumentCase.invalid)
    func aBadDocumentIsRefusedNamingTheField(document: JSONDocumentCase) async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            let table = TenantTable.named(document.table)
            let before = try await db.text(table.snapshot(table.rowID(.a)))
            let error = await expectServerError("23514", message: document.message) {
                _ = try await db.ids(as: Tenant.a.identity, document.update)
            }
            #expect(error?[.tableName] == document.table)
            #expect(error?[.columnName] == document.column)
            #expect(error?[.constraintName] == "\(document.table)_\(document.column)_json")
            #expect(try await db.text(table.snapshot(table.rowID(.a))) == before)
        }
    }

    /// Good documents are stored as written.
    @Test(arguments: JSONDocumentCase.valid)
    func aGoodDocumentIsStored(document: JSONDocumentCase) async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            #expect(try await db.ids(as: Tenant.a.identity, document.update) == [TenantTable.named(document.table).rowID(.a)])
            let id = TenantTable.named(document.table).rowID(.a)
            let same = try await db.bool(
                "SELECT \(unescaped: document.column) = \(document.value)::\(unescaped: document.type) FROM public.\(unescaped: document.table) WHERE id = \(id)"
            )
            #expect(same)
        }
    }

    /// A bad document is refused on INSERT too, not only on UPDATE.
    @Test func aBadDocumentIsRefusedOnInsert() async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            await expectServerError("23514", message: "escalation_rules.actions[0].priority: is required") {
                _ = try await db.ids(as: Tenant.a.identity, """
                    INSERT INTO public.escalation_rules (client_id, name, actions) VALUES (\(Tenant.a.id), 'x', \(#"[{"type": "set_priority"}]"#)::jsonb)
                    """)
            }
        }
    }

    /// Every validated column's default is a valid document: a new user, and rows a tenant creates with nothing but
    /// their required columns, are accepted and hold the defaults.
    @Test func columnDefaultsAreValidDocuments() async throws {
        try await TestDatabase.with { db in
            let user = UUID()
            try await db.execute("INSERT INTO auth.users (id, email) VALUES (\(user), 'c@example.com')")
            let tenant = RequestIdentity.user(user)
            _ = try await db.ids(as: tenant, "INSERT INTO public.business_hours (client_id) VALUES (\(user))")
            _ = try await db.ids(as: tenant, "INSERT INTO public.escalation_rules (client_id, name) VALUES (\(user), 'defaults')")
            _ = try await db.ids(as: tenant, "INSERT INTO public.communication_styles (client_id, name) VALUES (\(user), 'defaults')")
            let documents = try await db.text(
                """
                SELECT concat_ws(' ', p.client_config, p.managers, p.suppliers, p.email_labels, b.hours, b.timezone, e.conditions, e.actions,
                                 c.personality_traits, c.signature_phrases, c.response_patterns)
                FROM public.profiles p JOIN public.business_hours b ON b.client_id = p.id JOIN public.escalation_rules e ON e.client_id = p.id AND e.name = 'defaults'
                JOIN public.communication_styles c ON c.client_id = p.id WHERE p.id = \(user)
                """
            )
            #expect(documents == "{} [] [] {} {} UTC {} [] [] [] {}")
        }
    }

    /// Validation runs when a validated column changes, not on every write of the row (a status change, or a client
    /// re-sending the same document, costs nothing).
    @Test func onlyAChangedColumnIsValidated() async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            // From now on no client_config is valid, so any validation of it would fail.
            try await db.execute("UPDATE floworx.json_schemas SET schema = 'false' WHERE name = 'client_config'")
            let tenant = Tenant.a.identity
            #expect(try await db.ids(as: tenant, "UPDATE public.profiles SET email_labels = '{}' RETURNING id") == [Tenant.a.id])
            #expect(try await db.ids(as: tenant, "UPDATE public.profiles SET client_config = client_config RETURNING id") == [Tenant.a.id])
            await expectServerError("23514", message: "profiles.client_config: is not allowed here") {
                _ = try await db.ids(as: tenant, "UPDATE public.profiles SET client_config = '{\"version\": 1}' RETURNING id")
            }
        }
    }

    /// The schemas and the validator are FloWorx's internals: no API role reaches them, yet the tenant's writes are
    /// validated (the triggers run with their owner's rights).
    @Test func theValidatorIsOutOfTheTenantsReach() async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            for sql in ["SELECT name FROM floworx.json_schemas", "SELECT path FROM floworx.json_errors('managers', '[]')"] {
                await expectServerError("42501", message: "permission denied for schema floworx") {
                    _ = try await db.ids(as: Tenant.a.identity, PostgresQuery(unsafeSQL: sql))
                }
            }
        }
    }
}
