import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// Embedded resources through foreign keys: to-one as an object (or null), to-many as an array, aliases, hints,
/// `!inner`, filters, order and limit inside the embedding, nesting, counting, and row-level security on every
/// embedded table.
@Suite struct RestEmbedTests {
    /// Tenant A's Intake has two metrics, B's Intake one.
    static func metrics(_ app: TestApp, _ fixture: WorkflowFixture) async throws {
        let intake = try #require(fixture.ids["Intake"])
        let json = #"[{"workflow_id": "\#(intake)", "execution_time": 20}, {"workflow_id": "\#(intake)", "execution_time": 10}, "#
            + #"{"workflow_id": "\#(fixture.theirs)", "execution_time": 99}]"#
        let created = try await app.request(.post, "/rest/v1/workflow_metrics", as: .service, json: json)
        try #require(created.status == .created, "\(created.text)")
    }

    /// A table with two foreign keys to profiles (ambiguous) and one to workflows, readable only by its own client.
    static func notes(_ app: TestApp) async throws {
        try await app.db.execute("""
            CREATE TABLE public.test_notes (
                id serial PRIMARY KEY,
                client_id uuid NOT NULL REFERENCES public.profiles(id),
                reviewer_id uuid REFERENCES public.profiles(id),
                workflow_id uuid NOT NULL REFERENCES public.workflows(id),
                note text NOT NULL
            )
            """)
        try await app.db.execute("ALTER TABLE public.test_notes ENABLE ROW LEVEL SECURITY")
        try await app.db.execute("CREATE POLICY own ON public.test_notes FOR SELECT TO authenticated USING (client_id = (SELECT auth.uid()))")
        try await app.db.execute("GRANT SELECT ON public.test_notes TO authenticated")
    }

    static func addNote(_ app: TestApp, client: String, workflow: String, note: String) async throws {
        try await app.db.execute("INSERT INTO public.test_notes (client_id, workflow_id, note) VALUES (\(client)::uuid, \(workflow)::uuid, \(note))")
    }

    @Test func manyToOneIsAnObject() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let rows = try await app.request(.get, "/rest/v1/workflows?select=name,owner:profiles(id)&version=eq.2", as: .user(fixture.a)).rows()
            #expect(rows == [.object(["name": .string("Escalate"), "owner": .object(["id": .string(fixture.a.id)])])])
            // The same through the constraint's name and through the key column.
            let byConstraint = try await app.request(.get, "/rest/v1/workflows?select=name,workflows_client_id_fkey(id)&version=eq.2", as: .user(fixture.a)).rows()
            #expect(byConstraint.first?["workflows_client_id_fkey"] == .object(["id": .string(fixture.a.id)]))
            let byColumn = try await app.request(.get, "/rest/v1/workflows?select=name,client_id(id)&version=eq.2", as: .user(fixture.a)).rows()
            #expect(byColumn.first?["client_id"] == .object(["id": .string(fixture.a.id)]))
        }
    }

    /// business_hours.client_id is unique (business_hours_client_id_key), so profiles and business_hours are one-to-one:
    /// embedded either way as one object (or null), never as an array, and each tenant sees only its own.
    @Test func oneToOneIsAnObjectBothWays() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            for (session, zone) in [(fixture.a, "Europe/Paris"), (fixture.b, "Asia/Tokyo")] {
                let created = try await app.request(
                    .post, "/rest/v1/business_hours", as: .user(session), json: #"{"client_id": "\#(session.id)", "timezone": "\#(zone)"}"#
                )
                try #require(created.status == .created, "\(created.text)")
            }
            // The parent is referenced: the child holds the unique key.
            let profiles = try await app.request(.get, "/rest/v1/profiles?select=id,business_hours(timezone)", as: .user(fixture.a)).rows()
            #expect(profiles == [.object(["id": .string(fixture.a.id), "business_hours": .object(["timezone": .string("Europe/Paris")])])])
            // The parent holds the unique key, with an alias.
            let hours = try await app.request(.get, "/rest/v1/business_hours?select=timezone,owner:profiles(id)", as: .user(fixture.b)).rows()
            #expect(hours == [.object(["timezone": .string("Asia/Tokyo"), "owner": .object(["id": .string(fixture.b.id)])])])
            // No related row: null, not an empty array.
            let c = try await app.signUp(TestApp.uniqueEmail("c"))
            let none = try await app.request(.get, "/rest/v1/profiles?select=id,business_hours(timezone)", as: .user(c)).rows()
            #expect(none == [.object(["id": .string(c.id), "business_hours": .null])])
            // `!inner` on a one-to-one drops the parent without a related row.
            let inner = try await app.request(.get, "/rest/v1/profiles?select=id,business_hours!inner(timezone)", as: .user(c)).rows()
            #expect(inner == [])
        }
    }

    @Test func oneToManyIsAnArrayFilteredOrderedAndLimited() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let rows = try await app.request(
                .get, "/rest/v1/profiles?select=id,flows:workflows(name,version)&flows.version=lt.5&flows.order=version.desc&flows.limit=2",
                as: .user(fixture.a)
            ).rows()
            #expect(rows == [.object([
                "id": .string(fixture.a.id),
                "flows": .array([
                    .object(["name": .string("intake v2"), "version": .number(4)]),
                    .object(["name": .string("Nightly digest"), "version": .number(3)]),
                ]),
            ])])
            let none = try await app.request(.get, "/rest/v1/profiles?select=id,workflows(name)&workflows.name=eq.Nope", as: .user(fixture.a)).rows()
            #expect(none == [.object(["id": .string(fixture.a.id), "workflows": .array([])])])
        }
    }

    @Test func logicTreesFilterAnEmbeddedResource() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let either = try await app.request(
                .get, "/rest/v1/profiles?select=workflows(name)&workflows.or=(version.eq.1,version.eq.5)&workflows.order=version", as: .user(fixture.a)
            ).rows()
            #expect(either == [.object(["workflows": .array([.object(["name": .string("Intake")]), .object(["name": .string("Archive")])])])])
            let neither = try await app.request(
                .get, "/rest/v1/profiles?select=workflows(version)&workflows.not.or=(version.lt.2,version.gt.3)&workflows.order=version.desc", as: .user(fixture.a)
            ).rows()
            #expect(neither == [.object(["workflows": .array([.object(["version": .number(3)]), .object(["version": .number(2)])])])])
            // One tree may not mix the parent's columns with an embedded resource's.
            let mixed = try await app.request(.get, "/rest/v1/profiles?select=id,workflows(name)&or=(id.is.null,workflows.name.eq.Intake)", as: .user(fixture.a))
            try expectRestError(mixed, .badRequest, code: "PGRST100")
        }
    }

    @Test func nestedEmbeddingAndInner() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            try await Self.metrics(app, fixture)
            let nested = try await app.request(
                .get, "/rest/v1/profiles?select=workflows(name,workflow_metrics(execution_time))&workflows.name=eq.Intake&workflows.workflow_metrics.order=execution_time",
                as: .user(fixture.a)
            ).rows()
            #expect(nested == [.object(["workflows": .array([.object([
                "name": .string("Intake"),
                "workflow_metrics": .array([.object(["execution_time": .number(10)]), .object(["execution_time": .number(20)])]),
            ])])])])

            // `!inner` with an empty embedding: only the workflows that have metrics, and no key for them.
            let measured = try await app.request(.get, "/rest/v1/workflows?select=name,workflow_metrics!inner()", as: .user(fixture.a))
            #expect(try measured.rows() == [.object(["name": .string("Intake")])])
            let filtered = try await app.request(
                .get, "/rest/v1/workflows?select=name,workflow_metrics!inner(execution_time)&workflow_metrics.execution_time=gt.15",
                as: .user(fixture.a), headers: WorkflowFixture.prefer("count=exact")
            )
            #expect(try filtered.rows() == [.object(["name": .string("Intake"), "workflow_metrics": .array([.object(["execution_time": .number(20)])])])])
            #expect(filtered.headers[.contentRange] == "0-0/1")
            let noParents = try await app.request(
                .get, "/rest/v1/profiles?select=id,workflows!inner(name)&workflows.name=eq.Nope", as: .user(fixture.a)
            ).rows()
            #expect(noParents == [])
        }
    }

    @Test func rowLevelSecurityHoldsInsideEmbeddings() async throws {
        try await TestApp.with { app in
            try await Self.notes(app)
            let fixture = try await WorkflowFixture.create(app)
            let intake = try #require(fixture.ids["Intake"])
            try await Self.addNote(app, client: fixture.a.id, workflow: intake, note: "mine")
            // B's note points at A's workflow: A must never see it embedded.
            try await Self.addNote(app, client: fixture.b.id, workflow: intake, note: "theirs")
            let a = try await app.request(.get, "/rest/v1/workflows?select=name,test_notes(note)&name=eq.Intake", as: .user(fixture.a)).rows()
            #expect(a == [.object(["name": .string("Intake"), "test_notes": .array([.object(["note": .string("mine")])])])])
            // And B, reading its note, does not see A's workflow through it.
            let b = try await app.request(.get, "/rest/v1/test_notes?select=note,workflows(name)", as: .user(fixture.b)).rows()
            #expect(b == [.object(["note": .string("theirs"), "workflows": .null])])
            let bInner = try await app.request(.get, "/rest/v1/test_notes?select=note,workflows!inner(name)", as: .user(fixture.b)).rows()
            #expect(bInner == [])
        }
    }

    @Test func ambiguousRelationshipsArePGRST201AndHintsPickOne() async throws {
        try await TestApp.with { app in
            try await Self.notes(app)
            let fixture = try await WorkflowFixture.create(app)
            try await Self.addNote(app, client: fixture.a.id, workflow: try #require(fixture.ids["Intake"]), note: "mine")
            let ambiguous = try await app.request(.get, "/rest/v1/profiles?select=id,test_notes(note)", as: .user(fixture.a))
            let error = try expectRestError(ambiguous, .multipleChoices, code: "PGRST201", message: "Could not embed because more than one relationship was found for 'profiles' and 'test_notes'")
            #expect(error["details"]?.arrayValue?.count == 2)
            #expect(error["details"]?[0]?["cardinality"] == .string("one-to-many"))
            #expect(error["hint"]?.stringValue?.contains("'test_notes!test_notes_client_id_fkey'") == true)

            let byColumn = try await app.request(.get, "/rest/v1/profiles?select=id,test_notes!client_id(note)", as: .user(fixture.a)).rows()
            #expect(byColumn == [.object(["id": .string(fixture.a.id), "test_notes": .array([.object(["note": .string("mine")])])])])
            let byConstraint = try await app.request(.get, "/rest/v1/profiles?select=id,test_notes!test_notes_reviewer_id_fkey(note)", as: .user(fixture.a)).rows()
            #expect(byConstraint == [.object(["id": .string(fixture.a.id), "test_notes": .array([])])])
            let reviewer = try await app.request(.get, "/rest/v1/test_notes?select=note,reviewer:profiles!reviewer_id(id)", as: .user(fixture.a)).rows()
            #expect(reviewer == [.object(["note": .string("mine"), "reviewer": .null])])
        }
    }

    @Test func missingRelationshipsAndStrayFiltersAreRefused() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let missing = try await app.request(.get, "/rest/v1/workflows?select=*,invoices(*)", as: .user(fixture.a))
            let error = try expectRestError(missing, .badRequest, code: "PGRST200", message: "Could not find a relationship between 'workflows' and 'invoices' in the schema cache")
            #expect(error["details"] == .string("Searched for a foreign key relationship between 'workflows' and 'invoices' in the schema 'public', but no matches were found."))
            try expectRestError(try await app.request(.get, "/rest/v1/workflows?select=*,nope(*)", as: .user(fixture.a)), .badRequest, code: "PGRST200")
            try expectRestError(try await app.request(.get, "/rest/v1/workflows?select=*,profiles!nope(*)", as: .user(fixture.a)), .badRequest, code: "PGRST200")
            // A filter or page of a resource the select does not embed.
            try expectRestError(try await app.request(.get, "/rest/v1/workflows?select=name&profiles.id=eq.x", as: .user(fixture.a)), .badRequest, code: "PGRST108")
            try expectRestError(try await app.request(.get, "/rest/v1/workflows?select=name&profiles.limit=1", as: .user(fixture.a)), .badRequest, code: "PGRST108")
            // Unknown columns inside an embedding.
            try expectRestError(try await app.request(.get, "/rest/v1/workflows?select=name,profiles(nope)", as: .user(fixture.a)), .badRequest, code: "42703")
            try expectRestError(try await app.request(.get, "/rest/v1/profiles?select=id,workflows(name)&workflows.nope=eq.1", as: .user(fixture.a)), .badRequest, code: "42703")
        }
    }
}
