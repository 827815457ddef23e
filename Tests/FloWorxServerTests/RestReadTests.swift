import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Reads through the data API: `select` (columns, aliases, casts), `order`, `limit`/`offset`, the `Range` header,
/// `Prefer: count=exact` with `Content-Range` and 206, singular responses and HEAD.
@Suite struct RestReadTests {
    static let singular = HTTPFields([HTTPField(name: .accept, value: "application/vnd.pgrst.object+json")])

    static func range(_ value: String, prefer: String? = nil) -> HTTPFields {
        var fields = HTTPFields([HTTPField(name: .range, value: value), HTTPField(name: HTTPField.Name("Range-Unit")!, value: "items")])
        if let prefer { fields[TestApp.preferHeader] = prefer }
        return fields
    }

    @Test func selectNamesAliasesAndCastsColumns() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let plain = try await app.request(.get, "/rest/v1/workflows?select=name,version&version=eq.2", as: .user(fixture.a))
            #expect(try plain.json() == .array([.object(["name": .string("Escalate"), "version": .number(2)])]))
            #expect(plain.headers[.contentType] == "application/json; charset=utf-8")

            let renamed = try await app.request(.get, "/rest/v1/workflows?select=title:name,version::text,data:workflow_data&version=eq.2", as: .user(fixture.a))
            #expect(try renamed.json() == .array([.object([
                "title": .string("Escalate"), "version": .string("2"),
                "data": .object(["steps": .array([.string("classify"), .string("escalate")])]),
            ])]))

            // `*` is every column the role may read.
            let star = try await app.request(.get, "/rest/v1/workflows?select=*&version=eq.2", as: .user(fixture.a)).rows()
            #expect(star.first?.keys == ["client_id", "created_at", "deployed_at", "id", "is_active", "name", "updated_at", "version", "workflow_data"])
            #expect(star.first?["id"] == .string(fixture.ids["Escalate"] ?? ""))
        }
    }

    @Test(arguments: [
        ("version.desc", ["Archive", "intake v2", "Nightly digest", "Escalate", "Intake"]),
        ("version", ["Intake", "Escalate", "Nightly digest", "intake v2", "Archive"]),
        ("deployed_at.desc.nullslast,version.asc", ["intake v2", "Escalate", "Intake", "Nightly digest", "Archive"]),
        ("deployed_at.asc.nullsfirst,version.desc", ["Archive", "Nightly digest", "Intake", "Escalate", "intake v2"]),
        ("is_active.desc,version.desc", ["intake v2", "Escalate", "Intake", "Archive", "Nightly digest"]),
    ])
    func orderSortsByEachTermInTurn(order: String, expected: [String]) async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let rows = try await app.request(.get, "/rest/v1/workflows?select=name&order=\(order)", as: .user(fixture.a)).rows()
            #expect(rows.compactMap { $0["name"]?.stringValue } == expected)
        }
    }

    @Test func limitAndOffsetPage() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let page = try await app.request(.get, "/rest/v1/workflows?select=version&order=version&limit=2&offset=1", as: .user(fixture.a))
            #expect(page.status == .ok)
            #expect(try page.json() == .array([.object(["version": .number(2)]), .object(["version": .number(3)])]))
            #expect(page.headers[.contentRange] == "1-2/*")

            let counted = try await app.request(
                .get, "/rest/v1/workflows?select=version&order=version&limit=2", as: .user(fixture.a), headers: WorkflowFixture.prefer("count=exact")
            )
            #expect(counted.status == .partialContent)
            #expect(counted.headers[.contentRange] == "0-1/5")
            #expect(counted.headers[HTTPField.Name("Preference-Applied")!] == "count=exact")
            #expect(try counted.rows().count == 2)

            let whole = try await app.request(.get, "/rest/v1/workflows?select=version", as: .user(fixture.a), headers: WorkflowFixture.prefer("count=exact"))
            #expect(whole.status == .ok)
            #expect(whole.headers[.contentRange] == "0-4/5")

            let none = try await app.request(.get, "/rest/v1/workflows?version=eq.99", as: .user(fixture.a), headers: WorkflowFixture.prefer("count=exact"))
            #expect(none.status == .ok)
            #expect(none.headers[.contentRange] == "*/0")
            #expect(try none.json() == .array([]))

            let beyond = try await app.request(.get, "/rest/v1/workflows?offset=10", as: .user(fixture.a), headers: WorkflowFixture.prefer("count=exact"))
            let error = try expectRestError(beyond, .rangeNotSatisfiable, code: "PGRST103", message: "Requested range not satisfiable")
            #expect(error["details"] == .string("An offset of 10 was requested, but there are only 5 rows."))
        }
    }

    /// PostgREST refuses a range only when it starts past the last row (offset > total): a page that starts exactly at
    /// the end is an empty 206 with `Content-Range: */total`, and an offset into an empty result is 416.
    @Test
    func anOffsetAtTheEndIsAnEmptyPage() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let atEnd = try await app.request(.get, "/rest/v1/workflows?offset=5", as: .user(fixture.a), headers: WorkflowFixture.prefer("count=exact"))
            let pastNothing = try await app.request(
                .get, "/rest/v1/workflows?version=eq.99&offset=3", as: .user(fixture.a), headers: WorkflowFixture.prefer("count=exact")
            )
            #expect(atEnd.status == .partialContent)
            #expect(atEnd.headers[.contentRange] == "*/5")
            #expect(atEnd.text == "[]")
            #expect(pastNothing.status == .rangeNotSatisfiable)
        }
    }

    @Test func theRangeHeaderPages() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let uri = "/rest/v1/workflows?select=version&order=version"
            let middle = try await app.request(.get, uri, as: .user(fixture.a), headers: Self.range("1-3"))
            #expect(middle.status == .ok)
            #expect(try middle.rows().compactMap { $0["version"]?.numberValue } == [2, 3, 4])
            #expect(middle.headers[.contentRange] == "1-3/*")

            let counted = try await app.request(.get, uri, as: .user(fixture.a), headers: Self.range("1-3", prefer: "count=exact"))
            #expect(counted.status == .partialContent)
            #expect(counted.headers[.contentRange] == "1-3/5")

            let openEnded = try await app.request(.get, uri, as: .user(fixture.a), headers: Self.range("3-"))
            #expect(try openEnded.rows().compactMap { $0["version"]?.numberValue } == [4, 5])
            #expect(openEnded.headers[.contentRange] == "3-4/*")

            // A limit in the query narrows the range further.
            let limited = try await app.request(.get, uri + "&limit=1", as: .user(fixture.a), headers: Self.range("1-3"))
            #expect(try limited.rows().compactMap { $0["version"]?.numberValue } == [2])

            for invalid in ["3-1", "x-2", "-2"] {
                try expectRestError(
                    try await app.request(.get, uri, as: .user(fixture.a), headers: Self.range(invalid)),
                    .rangeNotSatisfiable, code: "PGRST103"
                )
            }
            let outside = try await app.request(.get, uri, as: .user(fixture.a), headers: Self.range("10-20", prefer: "count=exact"))
            try expectRestError(outside, .rangeNotSatisfiable, code: "PGRST103")
        }
    }

    @Test func aSingularResponseIsOneObject() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let one = try await app.request(.get, "/rest/v1/workflows?select=name,version&name=eq.Escalate", as: .user(fixture.a), headers: Self.singular)
            #expect(one.status == .ok)
            #expect(one.headers[.contentType] == "application/vnd.pgrst.object+json; charset=utf-8")
            #expect(try one.json() == .object(["name": .string("Escalate"), "version": .number(2)]))

            for (query, rows) in [("version=eq.99", 0), ("is_active=is.true", 3)] {
                let response = try await app.request(.get, "/rest/v1/workflows?\(query)", as: .user(fixture.a), headers: Self.singular)
                let error = try expectRestError(response, .notAcceptable, code: "PGRST116", message: "JSON object requested, multiple (or no) rows returned")
                #expect(error["details"] == .string("The result contains \(rows) rows"))
            }
            // Another tenant's row is no row at all.
            let theirs = try await app.request(.get, "/rest/v1/workflows?id=eq.\(fixture.theirs)", as: .user(fixture.a), headers: Self.singular)
            try expectRestError(theirs, .notAcceptable, code: "PGRST116")
        }
    }

    @Test func headAnswersHeadersOnly() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let response = try await app.request(.head, "/rest/v1/workflows?limit=2", as: .user(fixture.a), headers: WorkflowFixture.prefer("count=exact"))
            #expect(response.status == .partialContent)
            #expect(response.headers[.contentRange] == "0-1/5")
            #expect(response.body.readableBytes == 0)
        }
    }
}
