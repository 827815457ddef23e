import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import PostgresNIO
import Testing

/// The JSON validator's work is bounded by the schema, not by what a tenant sends: a `managers` array of 30,000
/// empty objects (117 kB, under the 256 kB cap) is refused as a sixth manager is, without looking at the rest.
/// Before 0022 it took about a minute of PostgreSQL time (items past `maxItems` were validated, errors collected by
/// copying the whole array each time).
@Suite struct RestJSONValidationBoundsTests {
    /// `[{}, {}, ...]`: `count` empty managers.
    static func emptyManagers(_ count: Int) -> String {
        "[" + Array(repeating: "{}", count: count).joined(separator: ",") + "]"
    }

    /// The tenant's UPDATE answers the usual 23514 naming `managers` well inside a 2-second statement timeout.
    /// Not a timing: a validator that did quadratic (or any unbounded) work would fail with 57014 instead.
    @Test func aHugeManagersArrayIsRefusedWithinAStatementTimeout() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let managers = Self.emptyManagers(30_000)
            do {
                try await app.db.database.tenant(.user(user.userId)).transaction { connection in
                    for try await _ in try await connection.query("SET LOCAL statement_timeout = '2s'") {}
                    for try await _ in try await connection.query(
                        "UPDATE public.profiles SET managers = \(managers)::jsonb WHERE id = \(user.userId) RETURNING id"
                    ) {}
                }
                Issue.record("30,000 empty managers were stored")
            } catch let error as PSQLError {
                #expect(error.serverInfo?[.sqlState] == "23514", "\(String(reflecting: error))")
                #expect(error.serverInfo?[.message] == "profiles.managers[5]: at most 5 managers")
                #expect(error.serverInfo?[.columnName] == "managers")
            }
            #expect(try await app.db.text("SELECT managers::text FROM public.profiles WHERE id = \(user.userId)") == "[]")
        }
    }

    /// Through the data API, the same PATCH is a 400 with PostgREST's body naming the field; nothing is written.
    @Test func aHugeManagersArrayIsA400ThroughTheDataAPI() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let response = try await app.request(
                .patch, "/rest/v1/profiles?id=eq.\(user.id)", as: .user(user),
                json: #"{"managers": \#(Self.emptyManagers(30_000))}"#
            )
            let body = try expectRestError(response, .badRequest, code: "23514", message: "profiles.managers[5]: at most 5 managers")
            // The first items' problems are still listed; the items past the limit are not looked at.
            #expect(body["details"]?.stringValue?.contains("profiles.managers[0].name: is required") == true)
            #expect(body["details"]?.stringValue?.contains("managers[5].") == false)
            #expect(try await app.db.text("SELECT managers::text FROM public.profiles WHERE id = \(user.userId)") == "[]")
        }
    }

    /// Many errors within the limits (here 100 roles that are not roles, and duplicates) stop at the error budget:
    /// still the first error by path, and the DETAIL says validation stopped.
    @Test func manyErrorsStopAtTheBudget() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let roles = "[" + Array(repeating: #""chief""#, count: 5_000).joined(separator: ",") + "]"
            let manager = #"[{"name": "Ann", "email": "ann@example.com", "roles": \#(roles)}]"#
            let response = try await app.request(
                .patch, "/rest/v1/profiles?id=eq.\(user.id)", as: .user(user), json: #"{"managers": \#(manager)}"#
            )
            let body = try expectRestError(
                response, .badRequest, code: "23514", message: "profiles.managers[0].roles[1]: duplicates profiles.managers[0].roles[0]"
            )
            #expect(body["details"]?.stringValue?.contains("validation stopped there") == true, "\(body)")
        }
    }
}
