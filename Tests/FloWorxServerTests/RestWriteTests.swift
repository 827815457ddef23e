import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// Writes through the data API on a tenant's configuration tables: inserts (object, array, `columns`), the `Prefer`
/// return modes, upserts (`on_conflict`, merge and ignore), PATCH and DELETE (a filter is required), `tx=rollback`
/// and singular mutations.
@Suite struct RestWriteTests {
    static let preferenceApplied = HTTPField.Name("Preference-Applied")!
    static let hours = #"{"version": 1, "weekly": {"mon": [["08:00", "17:00"]]}}"#

    func prefer(_ value: String) -> HTTPFields { WorkflowFixture.prefer(value) }

    /// Creates a communication style of `user` and returns its id.
    func createStyle(_ app: TestApp, _ user: Session, name: String, active: Bool = false) async throws -> String {
        let response = try await app.request(
            .post, "/rest/v1/communication_styles", as: .user(user), headers: prefer("return=representation"),
            json: #"{"client_id": "\#(user.id)", "name": "\#(name)", "is_active": \#(active)}"#
        )
        try #require(response.status == .created, "\(response.text)")
        return try #require(try response.rows().first?["id"]?.stringValue)
    }

    /// PostgREST's default is `return=minimal`: 201 without a body.
    @Test func anInsertReturnsNothingByDefault() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let response = try await app.request(.post, "/rest/v1/communication_styles", as: .user(user), json: #"{"client_id": "\#(user.id)", "name": "Friendly"}"#)
            #expect(response.status == .created)
            #expect(response.body.readableBytes == 0)
            #expect(try await app.db.count("SELECT count(*) FROM public.communication_styles WHERE client_id = \(user.userId) AND name = 'Friendly'") == 1)
        }
    }

    @Test func anInsertReturnsTheRowWithItsDefaults() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let response = try await app.request(
                .post, "/rest/v1/communication_styles", as: .user(user), headers: prefer("return=representation"),
                json: #"{"client_id": "\#(user.id)", "name": "Friendly", "personality_traits": ["warm", "direct"]}"#
            )
            #expect(response.status == .created)
            #expect(response.headers[Self.preferenceApplied] == "return=representation")
            let rows = try response.rows()
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(row["id"]?.stringValue.flatMap(UUID.init(uuidString:)) != nil)
            #expect(row["client_id"] == .string(user.id))
            #expect(row["name"] == .string("Friendly"))
            #expect(row["tone"] == .string("professional"))
            #expect(row["formality"] == .string("formal"))
            #expect(row["is_active"] == .bool(true))
            #expect(row["personality_traits"] == .array([.string("warm"), .string("direct")]))
            #expect(row["signature_phrases"] == .array([]))
        }
    }

    @Test func anArrayInsertsEveryRowInOneStatement() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let response = try await app.request(
                .post, "/rest/v1/communication_styles?select=name,is_active", as: .user(user), headers: prefer("return=representation"),
                json: """
                [{"client_id": "\(user.id)", "name": "Warm", "is_active": true},
                 {"client_id": "\(user.id)", "name": "Formal", "is_active": false},
                 {"client_id": "\(user.id)", "name": "Brief", "is_active": false}]
                """
            )
            #expect(response.status == .created, "\(response.text)")
            let rows = try response.rows()
            #expect(rows.strings("name") == ["Brief", "Formal", "Warm"])
            #expect(rows.allSatisfy { $0.keys == ["is_active", "name"] })

            // One failing row (a second active style) fails the whole array: nothing of it is written.
            let failing = try await app.request(
                .post, "/rest/v1/communication_styles", as: .user(user),
                json: #"[{"client_id": "\#(user.id)", "name": "Fine", "is_active": false}, {"client_id": "\#(user.id)", "name": "Second active", "is_active": true}]"#
            )
            try expectRestError(failing, .conflict, code: "23505")
            #expect(try await app.db.count("SELECT count(*) FROM public.communication_styles") == 3)
        }
    }

    /// `columns` names the columns to insert; other keys of the body are ignored.
    @Test func theColumnsParameterLimitsTheInsertedColumns() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let response = try await app.request(
                .post, "/rest/v1/communication_styles?columns=client_id,name", as: .user(user), headers: prefer("return=representation"),
                json: #"{"client_id": "\#(user.id)", "name": "Plain", "tone": "casual"}"#
            )
            #expect(response.status == .created, "\(response.text)")
            #expect(try response.rows().first?["tone"] == .string("professional"))

            // supabase-py quotes each name.
            let quoted = try await app.request(
                .post, "/rest/v1/communication_styles?" + QueryString.encode(#"columns="client_id","name","is_active""#), as: .user(user),
                headers: prefer("return=representation"),
                json: #"{"client_id": "\#(user.id)", "name": "Quoted", "tone": "casual", "is_active": false}"#
            )
            #expect(quoted.status == .created, "\(quoted.text)")
            #expect(try quoted.rows().first?["tone"] == .string("professional"))
            let unknown = try await app.request(.post, "/rest/v1/communication_styles?columns=name,nope", as: .user(user), json: #"{"name": "X"}"#)
            try expectRestError(unknown, .badRequest, code: "PGRST204")
        }
    }

    @Test func anUpsertMergesIntoTheExistingRow() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let id = try await createStyle(app, user, name: "Original")
            let response = try await app.request(
                .post, "/rest/v1/communication_styles", as: .user(user), headers: prefer("resolution=merge-duplicates, return=representation"),
                json: #"[{"id": "\#(id)", "client_id": "\#(user.id)", "name": "Renamed", "tone": "warm", "is_active": false}]"#
            )
            #expect(response.status == .created, "\(response.text)")
            #expect(response.headers[Self.preferenceApplied] == "resolution=merge-duplicates, return=representation")
            let rows = try response.rows()
            #expect(rows.count == 1)
            #expect(rows.first?["id"] == .string(id))
            #expect(rows.first?["name"] == .string("Renamed"))
            #expect(rows.first?["tone"] == .string("warm"))
            #expect(try await app.db.count("SELECT count(*) FROM public.communication_styles") == 1)
        }
    }

    @Test func anUpsertCanIgnoreDuplicates() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let id = try await createStyle(app, user, name: "Original")
            let newId = UUID().uuidString.lowercased()
            let response = try await app.request(
                .post, "/rest/v1/communication_styles", as: .user(user), headers: prefer("resolution=ignore-duplicates, return=representation"),
                json: """
                [{"id": "\(id)", "client_id": "\(user.id)", "name": "Ignored", "is_active": false},
                 {"id": "\(newId)", "client_id": "\(user.id)", "name": "Added", "is_active": false}]
                """
            )
            #expect(response.status == .created, "\(response.text)")
            let rows = try response.rows()
            #expect(rows.strings("id") == [newId], "only the inserted row comes back")
            #expect(try await app.db.text("SELECT name FROM public.communication_styles WHERE id = \(UUID(uuidString: id)!)") == "Original")
        }
    }

    /// `on_conflict` upserts on another unique key than the primary key: one business_hours row per client.
    @Test func onConflictUpsertsOnAUniqueColumn() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let first = try await app.request(
                .post, "/rest/v1/business_hours", as: .user(user), headers: prefer("return=representation"),
                json: #"{"client_id": "\#(user.id)", "timezone": "America/Toronto", "hours": \#(Self.hours)}"#
            )
            #expect(first.status == .created, "\(first.text)")
            let id = try #require(try first.rows().first?["id"])

            let plain = try await app.request(
                .post, "/rest/v1/business_hours", as: .user(user),
                json: #"{"client_id": "\#(user.id)", "timezone": "Europe/London", "hours": \#(Self.hours)}"#
            )
            let error = try expectRestError(plain, .conflict, code: "23505", message: #"duplicate key value violates unique constraint "business_hours_client_id_key""#)
            // PostgreSQL withholds the key's values from a role that row-level security applies to; the operator sees them.
            #expect(error["details"] == .null)
            let asService = try await app.request(
                .post, "/rest/v1/business_hours", as: .service,
                json: #"{"client_id": "\#(user.id)", "timezone": "Europe/London", "hours": \#(Self.hours)}"#
            )
            let serviceError = try expectRestError(asService, .conflict, code: "23505")
            #expect(serviceError["details"] == .string("Key (client_id)=(\(user.id)) already exists."))

            let upsert = try await app.request(
                .post, "/rest/v1/business_hours?on_conflict=client_id", as: .user(user),
                headers: prefer("resolution=merge-duplicates,return=representation"),
                json: #"{"client_id": "\#(user.id)", "timezone": "Europe/London", "hours": \#(Self.hours)}"#
            )
            #expect(upsert.status == .created, "\(upsert.text)")
            #expect(try upsert.rows().first?["id"] == id)
            #expect(try upsert.rows().first?["timezone"] == .string("Europe/London"))
            #expect(try await app.db.count("SELECT count(*) FROM public.business_hours") == 1)
        }
    }

    @Test func patchChangesTheFilteredRows() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let warm = try await createStyle(app, user, name: "Warm")
            let brief = try await createStyle(app, user, name: "Brief")

            let represented = try await app.request(
                .patch, "/rest/v1/communication_styles?id=eq.\(warm)&select=id,tone", as: .user(user), headers: prefer("return=representation"),
                json: #"{"tone": "cheerful"}"#
            )
            #expect(represented.status == .ok)
            #expect(try represented.json() == .array([.object(["id": .string(warm), "tone": .string("cheerful")])]))

            let minimal = try await app.request(.patch, "/rest/v1/communication_styles?name=eq.Brief", as: .user(user), json: #"{"formality": "casual"}"#)
            #expect(minimal.status == .noContent)
            #expect(minimal.body.readableBytes == 0)

            let rows = try await app.request(.get, "/rest/v1/communication_styles?select=id,tone,formality&order=name", as: .user(user)).json()
            #expect(rows == .array([
                .object(["id": .string(brief), "tone": .string("professional"), "formality": .string("casual")]),
                .object(["id": .string(warm), "tone": .string("cheerful"), "formality": .string("formal")]),
            ]))

            let noMatch = try await app.request(
                .patch, "/rest/v1/communication_styles?name=eq.Nobody", as: .user(user), headers: prefer("return=representation"), json: #"{"tone": "x"}"#
            )
            #expect(noMatch.status == .ok)
            #expect(try noMatch.json() == .array([]))
        }
    }

    @Test func deleteRemovesTheFilteredRows() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let warm = try await createStyle(app, user, name: "Warm")
            _ = try await createStyle(app, user, name: "Brief")
            let represented = try await app.request(.delete, "/rest/v1/communication_styles?id=eq.\(warm)&select=name", as: .user(user), headers: prefer("return=representation"))
            #expect(represented.status == .ok)
            #expect(try represented.json() == .array([.object(["name": .string("Warm")])]))

            let minimal = try await app.request(.delete, "/rest/v1/communication_styles?name=eq.Brief", as: .user(user))
            #expect(minimal.status == .noContent)
            #expect(try await app.db.count("SELECT count(*) FROM public.communication_styles") == 0)
        }
    }

    /// PATCH and DELETE without a filter are refused, as pg-safeupdate does on Supabase, and change nothing.
    @Test func patchAndDeleteNeedAFilter() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            _ = try await createStyle(app, user, name: "Warm")
            let patch = try await app.request(.patch, "/rest/v1/communication_styles", as: .user(user), json: #"{"tone": "cold"}"#)
            let error = try expectRestError(patch, .badRequest, code: "21000", message: "UPDATE requires a WHERE clause")
            #expect(error["hint"] == .string("add a filter such as id=eq.<value>"))
            let delete = try await app.request(.delete, "/rest/v1/communication_styles?select=id", as: .user(user))
            try expectRestError(delete, .badRequest, code: "21000", message: "DELETE requires a WHERE clause")
            #expect(try await app.db.text("SELECT tone FROM public.communication_styles") == "professional")
            // The service key bypasses RLS, not this rule.
            try expectRestError(try await app.request(.delete, "/rest/v1/communication_styles", as: .service), .badRequest, code: "21000")
            #expect(try await app.db.count("SELECT count(*) FROM public.communication_styles") == 1)
        }
    }

    /// `Prefer: tx=rollback` answers as if the change were made and then undoes it.
    @Test func rollbackAnswersButKeepsNothing() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let id = try await createStyle(app, user, name: "Warm")
            let rollback = prefer("return=representation, tx=rollback")

            let insert = try await app.request(
                .post, "/rest/v1/communication_styles", as: .user(user), headers: rollback,
                json: #"{"client_id": "\#(user.id)", "name": "Trial", "is_active": false}"#
            )
            #expect(insert.status == .created)
            #expect(insert.headers[Self.preferenceApplied] == "return=representation, tx=rollback")
            #expect(try insert.rows().first?["name"] == .string("Trial"))

            let patch = try await app.request(.patch, "/rest/v1/communication_styles?id=eq.\(id)", as: .user(user), headers: rollback, json: #"{"tone": "cold"}"#)
            #expect(patch.status == .ok)
            #expect(try patch.rows().first?["tone"] == .string("cold"))

            let delete = try await app.request(.delete, "/rest/v1/communication_styles?id=eq.\(id)", as: .user(user), headers: rollback)
            #expect(try delete.rows().count == 1)

            #expect(try await app.db.texts("SELECT name || '/' || tone FROM public.communication_styles") == ["Warm/professional"])
        }
    }

    /// A singular mutation that touches other than one row is refused with 406 and undone.
    @Test func aSingularMutationOfManyRowsIsUndone() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let warm = try await createStyle(app, user, name: "Warm")
            _ = try await createStyle(app, user, name: "Brief")
            var headers = prefer("return=representation")
            headers[.accept] = "application/vnd.pgrst.object+json"

            let many = try await app.request(.patch, "/rest/v1/communication_styles?is_active=is.false", as: .user(user), headers: headers, json: #"{"tone": "cold"}"#)
            let error = try expectRestError(many, .notAcceptable, code: "PGRST116")
            #expect(error["details"] == .string("The result contains 2 rows"))
            #expect(try await app.db.count("SELECT count(*) FROM public.communication_styles WHERE tone = 'cold'") == 0)

            let deleteAll = try await app.request(.delete, "/rest/v1/communication_styles?is_active=is.false", as: .user(user), headers: headers)
            try expectRestError(deleteAll, .notAcceptable, code: "PGRST116")
            #expect(try await app.db.count("SELECT count(*) FROM public.communication_styles") == 2)

            let insertMany = try await app.request(
                .post, "/rest/v1/communication_styles", as: .user(user), headers: headers,
                json: #"[{"client_id": "\#(user.id)", "name": "One", "is_active": false}, {"client_id": "\#(user.id)", "name": "Two", "is_active": false}]"#
            )
            try expectRestError(insertMany, .notAcceptable, code: "PGRST116")
            #expect(try await app.db.count("SELECT count(*) FROM public.communication_styles") == 2)

            let one = try await app.request(.patch, "/rest/v1/communication_styles?id=eq.\(warm)&select=name,tone", as: .user(user), headers: headers, json: #"{"tone": "sunny"}"#)
            #expect(one.status == .ok)
            #expect(one.headers[.contentType] == "application/vnd.pgrst.object+json; charset=utf-8")
            #expect(try one.json() == .object(["name": .string("Warm"), "tone": .string("sunny")]))
        }
    }
}
