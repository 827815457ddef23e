import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Two tenants with workflows made through the data API: tenant A's five, which reads and filters select from, and
/// tenant B's copy of A's "Intake", which any leak across tenants would add to a result.
struct WorkflowFixture: Sendable {
    var a: Session
    var b: Session
    /// A's workflow ids by name.
    var ids: [String: String]
    /// B's workflow id.
    var theirs: String

    /// A's workflows: name, version, active, deployed at, steps.
    static let rows: [(name: String, version: Int, active: Bool, deployedAt: String?, data: String)] = [
        ("Intake", 1, true, nil, #"{"steps": ["classify", "draft"]}"#),
        ("Escalate", 2, true, "2026-01-05T10:00:00Z", #"{"steps": ["classify", "escalate"]}"#),
        ("Nightly digest", 3, false, nil, #"{"steps": ["digest"]}"#),
        ("intake v2", 4, true, "2026-02-01T09:30:00Z", #"{"steps": ["classify", "draft", "label"]}"#),
        ("Archive", 5, false, nil, "{}"),
    ]

    /// Every name of A's workflows.
    static var names: [String] { rows.map(\.name).sorted() }

    static func create(_ app: TestApp) async throws -> WorkflowFixture {
        let a = try await app.signUp(TestApp.uniqueEmail("a"))
        let b = try await app.signUp(TestApp.uniqueEmail("b"))
        let json = "[" + Self.rows.map { row in
            #"{"client_id": "\#(a.id)", "name": "\#(row.name)", "version": \#(row.version), "is_active": \#(row.active), "#
                + #""deployed_at": \#(row.deployedAt.map { "\"\($0)\"" } ?? "null"), "workflow_data": \#(row.data)}"#
        }.joined(separator: ", ") + "]"
        let created = try await app.request(.post, "/rest/v1/workflows", as: .user(a), headers: representation, json: json)
        try #require(created.status == .created, "\(created.text)")
        let ids = Dictionary(uniqueKeysWithValues: try created.rows().map { ($0["name"]?.stringValue ?? "", $0["id"]?.stringValue ?? "") })

        let theirs = try await app.request(
            .post, "/rest/v1/workflows", as: .user(b), headers: representation,
            json: #"{"client_id": "\#(b.id)", "name": "Intake", "version": 1, "is_active": true, "workflow_data": {"steps": ["classify", "draft"]}}"#
        )
        try #require(theirs.status == .created, "\(theirs.text)")
        return WorkflowFixture(a: a, b: b, ids: ids, theirs: try #require(try theirs.rows().first?["id"]?.stringValue))
    }

    /// `Prefer: return=representation`.
    static var representation: HTTPFields { prefer("return=representation") }

    /// A `Prefer` header.
    static func prefer(_ value: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[TestApp.preferHeader] = value
        return fields
    }
}
