import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// JSON paths (`->`, `->>`, array indexes) in `select`, filters and `order`: checked against the catalog, keys bound.
@Suite struct RestJSONPathTests {
    @Test func selectNamesTheOutputAfterTheLastKey() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let rows = try await app.request(
                .get, "/rest/v1/workflows?select=name,workflow_data->steps->0,second:workflow_data->steps->>1,workflow_data->>missing&version=lte.2&order=version",
                as: .user(fixture.a)
            ).rows()
            #expect(rows == [
                .object(["name": .string("Intake"), "steps": .string("classify"), "second": .string("draft"), "missing": .null]),
                .object(["name": .string("Escalate"), "steps": .string("classify"), "second": .string("escalate"), "missing": .null]),
            ])
            let whole = try await app.request(.get, "/rest/v1/workflows?select=workflow_data->steps&version=eq.3", as: .user(fixture.a)).rows()
            #expect(whole == [.object(["steps": .array([.string("digest")])])])
        }
    }

    @Test func filtersCompareTextAndJSON() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            func names(_ query: String) async throws -> [String] {
                let response = try await app.request(.get, "/rest/v1/workflows?select=name&\(query)", as: .user(fixture.a))
                #expect(response.status == .ok, "\(query): \(response.text)")
                return try response.rows().strings("name")
            }
            #expect(try await names("workflow_data->steps->>1=eq.draft") == ["Intake", "intake v2"])
            #expect(try await names("workflow_data->steps->>2=eq.label") == ["intake v2"])
            #expect(try await names("workflow_data->steps->>0=is.null") == ["Archive"])
            #expect(try await names("workflow_data->steps->>1=in.(escalate,draft)") == ["Escalate", "Intake", "intake v2"])
            #expect(try await names("workflow_data->steps->>0=like.dig*") == ["Nightly digest"])
            #expect(try await names(#"workflow_data->steps=cs.["label"]"#.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!) == ["intake v2"])
            #expect(try await names("or=(workflow_data->steps->>2.eq.label,version.eq.5)") == ["Archive", "intake v2"])
            // A key is a bound value, never SQL: a quote in it is just a key no row has.
            #expect(try await names("workflow_data->>x%27%20OR%201%3D1--=eq.1") == [])
        }
    }

    @Test func orderSortsByAPath() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let rows = try await app.request(
                .get, "/rest/v1/workflows?select=name&order=workflow_data->steps->>1.desc.nullslast,version", as: .user(fixture.a)
            ).rows()
            #expect(rows.compactMap { $0["name"]?.stringValue } == ["Escalate", "Intake", "intake v2", "Nightly digest", "Archive"])
        }
    }

    @Test func pathsNeedAnExistingJSONColumn() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            try expectRestError(try await app.request(.get, "/rest/v1/workflows?select=nope->>x", as: .user(fixture.a)), .badRequest, code: "42703")
            try expectRestError(try await app.request(.get, "/rest/v1/workflows?nope->>x=eq.1", as: .user(fixture.a)), .badRequest, code: "42703")
            try expectRestError(try await app.request(.get, "/rest/v1/workflows?order=nope->>x", as: .user(fixture.a)), .badRequest, code: "42703")
            try expectRestError(try await app.request(.get, "/rest/v1/workflows?select=name->>x", as: .user(fixture.a)), .notFound, code: "42883")
            try expectRestError(try await app.request(.get, "/rest/v1/workflows?select=workflow_data->>a->b", as: .user(fixture.a)), .badRequest, code: "PGRST100")
            try expectRestError(try await app.request(.get, "/rest/v1/workflows?select=workflow_data->", as: .user(fixture.a)), .badRequest, code: "PGRST100")
            // `->` compares JSON: a value that is not JSON is PostgreSQL's 22P02, not a 500.
            try expectRestError(try await app.request(.get, "/rest/v1/workflows?workflow_data->steps->0=eq.digest", as: .user(fixture.a)), .badRequest, code: "22P02")
        }
    }
}
