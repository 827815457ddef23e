import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Every filter operator, its negation, logic trees and combined filters, on tenant A's workflows through the data API.
@Suite struct RestFilterTests {
    /// One request and what it must answer.
    struct Case: Sendable, CustomTestStringConvertible {
        var query: String
        var expected: [String]
        var testDescription: String { query }
    }

    static let all = WorkflowFixture.names

    static let cases: [Case] = [
        Case(query: "version=eq.2", expected: ["Escalate"]),
        Case(query: "version=neq.2", expected: ["Archive", "Intake", "Nightly digest", "intake v2"]),
        Case(query: "version=gt.3", expected: ["Archive", "intake v2"]),
        Case(query: "version=gte.3", expected: ["Archive", "Nightly digest", "intake v2"]),
        Case(query: "version=lt.2", expected: ["Intake"]),
        Case(query: "version=lte.2", expected: ["Escalate", "Intake"]),
        Case(query: "name=eq.Nightly digest", expected: ["Nightly digest"]),
        Case(query: "name=like.In*", expected: ["Intake"]),
        Case(query: "name=like.*digest", expected: ["Nightly digest"]),
        Case(query: "name=ilike.in*", expected: ["Intake", "intake v2"]),
        Case(query: "version=in.(1,3,5)", expected: ["Archive", "Intake", "Nightly digest"]),
        Case(query: #"name=in.("Nightly digest",Archive)"#, expected: ["Archive", "Nightly digest"]),
        Case(query: "version=in.()", expected: []),
        Case(query: "deployed_at=is.null", expected: ["Archive", "Intake", "Nightly digest"]),
        Case(query: "is_active=is.true", expected: ["Escalate", "Intake", "intake v2"]),
        Case(query: "is_active=is.false", expected: ["Archive", "Nightly digest"]),
        Case(query: "deployed_at=gt.2026-01-10T00:00:00Z", expected: ["intake v2"]),
        Case(query: #"workflow_data=cs.{"steps": ["draft"]}"#, expected: ["Intake", "intake v2"]),
        Case(query: #"workflow_data=cd.{"steps": ["classify", "draft", "label"]}"#, expected: ["Archive", "Intake", "intake v2"]),
        Case(query: "version=not.eq.2", expected: ["Archive", "Intake", "Nightly digest", "intake v2"]),
        Case(query: "name=not.ilike.in*", expected: ["Archive", "Escalate", "Nightly digest"]),
        Case(query: "deployed_at=not.is.null", expected: ["Escalate", "intake v2"]),
        Case(query: "version=not.in.(1,2)", expected: ["Archive", "Nightly digest", "intake v2"]),
        Case(query: #"workflow_data=not.cs.{"steps": ["classify"]}"#, expected: ["Archive", "Nightly digest"]),
        Case(query: "or=(version.eq.1,name.eq.Archive)", expected: ["Archive", "Intake"]),
        Case(query: "or=(is_active.is.false,and(version.gte.2,version.lte.2))", expected: ["Archive", "Escalate", "Nightly digest"]),
        Case(query: "and=(is_active.is.true,version.gt.1)", expected: ["Escalate", "intake v2"]),
        Case(query: "not.or=(version.eq.1,version.eq.2)", expected: ["Archive", "Nightly digest", "intake v2"]),
        Case(query: "not.and=(is_active.is.true,version.lt.4)", expected: ["Archive", "Nightly digest", "intake v2"]),
        Case(query: "or=(name.ilike.*digest*,is_active.not.is.true)", expected: ["Archive", "Nightly digest"]),
        Case(query: #"or=(version.in.(1,5),name.eq."Nightly digest")"#, expected: ["Archive", "Intake", "Nightly digest"]),
        Case(query: "or=(version.eq.4,not.and(is_active.is.true,deployed_at.is.null))", expected: ["Archive", "Escalate", "Nightly digest", "intake v2"]),
        Case(query: "is_active=is.true&version=gt.1", expected: ["Escalate", "intake v2"]),
        Case(query: "version=gte.2&version=lte.4", expected: ["Escalate", "Nightly digest", "intake v2"]),
        Case(query: "or=(version.eq.1,version.eq.5)&or=(is_active.is.true,name.eq.Archive)", expected: ["Archive", "Intake"]),
    ]

    @Test(arguments: cases)
    func filtersSelectExactlyTheMatchingRows(_ filter: Case) async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let response = try await app.request(.get, "/rest/v1/workflows?select=name&" + QueryString.encode(filter.query), as: .user(fixture.a))
            #expect(response.status == .ok, "\(response.text)")
            let rows = try response.rows()
            #expect(rows.strings("name") == filter.expected.sorted())
            #expect(rows.allSatisfy { $0.keys == ["name"] })
        }
    }

    /// A `+` in the query string is a space, as in HTML forms (httpx and supabase-py encode spaces so); `%2B` is a plus.
    @Test func aPlusInTheQueryIsASpace() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let plus = try await app.request(.get, "/rest/v1/workflows?select=name&name=eq.Nightly+digest", as: .user(fixture.a))
            #expect(try plus.rows().strings("name") == ["Nightly digest"])
            let encoded = try await app.request(.get, "/rest/v1/workflows?select=name&name=eq.Nightly%2Bdigest", as: .user(fixture.a))
            #expect(try encoded.rows().isEmpty)
        }
    }

    /// Without a filter, A gets its five rows, and B's "Intake" is in no result.
    @Test func noFilterReturnsEveryOwnRow() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let rows = try await app.request(.get, "/rest/v1/workflows", as: .user(fixture.a)).rows()
            #expect(rows.strings("name") == Self.all)
            #expect(Set(rows.compactMap { $0["client_id"]?.stringValue }) == [fixture.a.id])
        }
    }
}
