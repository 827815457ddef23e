import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// `GET /rest/v1/`: the OpenAPI 3 description of the 17 tables and of the auth API.
@Suite struct OpenAPITests {
    /// The contract's 17 tables.
    static let tables = ["profiles"] + ServiceRows.tables.map(\.name)

    @Test func theDocumentDescribesEveryTableAndTheAuthAPI() async throws {
        try await TestApp.with { app in
            let response = try await app.request(.get, "/rest/v1/")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/openapi+json; charset=utf-8")
            let document = try response.json()
            #expect(document["openapi"] == .string("3.0.3"))
            #expect(document["info"]?["title"] == .string("FloWorx API"))
            #expect(document["info"]?["version"] == .string(FloWorxVersion.current))
            #expect(document["servers"]?[0]?["url"] == .string("http://floworx.test"))

            let paths = try #require(document["paths"]?.objectValue)
            let expectedPaths = Set(Self.tables.map { "/rest/v1/\($0)" } + ["/rest/v1/", "/auth/v1/signup", "/auth/v1/token", "/auth/v1/user", "/auth/v1/logout"]
                                + ["dashboard_emails", "email_volume_by_category", "escalation_summary", "response_times"].map { "/rest/v1/rpc/\($0)" })
            #expect(Set(paths.keys) == expectedPaths)
            #expect(Self.tables.count == 17)
            for table in Self.tables {
                #expect(paths["/rest/v1/\(table)"]?.keys == ["delete", "get", "patch", "post"], "\(table)")
            }
            #expect(paths["/auth/v1/user"]?.keys == ["get", "put"])
            #expect(paths["/auth/v1/token"]?["post"]?["parameters"]?[0]?["schema"]?["enum"] == .array([.string("password"), .string("refresh_token")]))

            let schemas = try #require(document["components"]?["schemas"]?.objectValue)
            for table in Self.tables {
                #expect(schemas[table]?["type"] == .string("object"), "\(table)")
            }
            #expect(schemas["workflows"]?["properties"]?.keys == ["client_id", "created_at", "deployed_at", "id", "is_active", "name", "updated_at", "version", "workflow_data"])
            #expect(schemas["integrations"]?["properties"]?["provider"]?["enum"] == .array([.string("gmail"), .string("outlook")]))
            #expect(schemas["workflows"]?["properties"]?["version"]?["type"] == .string("integer"))
            #expect(schemas["workflows"]?["properties"]?["id"]?["format"] == .string("uuid"))
            #expect(schemas["Session"] != nil && schemas["User"] != nil && schemas["GoTrueError"] != nil && schemas["Error"] != nil)

            let unresolved = Self.references(in: document).filter { Self.resolve($0, in: document) == nil }
            #expect(unresolved.isEmpty, "unresolved references: \(unresolved)")
        }
    }

    @Test func theDocumentNeedsAnAPIKey() async throws {
        try await TestApp.with { app in
            try expectRestError(try await app.request(.get, "/rest/v1/", as: .nobody), .unauthorized, code: "PGRST302")
        }
    }

    /// Filters, `select` and `order` carry their grammar as patterns (so that fuzzers form requests the API takes):
    /// what a pattern admits, the API answers with 200; what the API refuses, the pattern refuses too.
    @Test func parameterPatternsAdmitWhatTheAPIAccepts() async throws {
        try await TestApp.with { app in
            let fixture = try await WorkflowFixture.create(app)
            let document = try await app.request(.get, "/rest/v1/").json()
            let parameters = try #require(document["paths"]?["/rest/v1/workflows"]?["get"]?["parameters"]?.arrayValue)
            func pattern(_ name: String) throws -> NSRegularExpression {
                let text = try #require(parameters.first { $0["name"] == .string(name) }?["schema"]?["pattern"]?.stringValue, "\(name)")
                return try NSRegularExpression(pattern: text)
            }
            func admits(_ name: String, _ value: String) throws -> Bool {
                try pattern(name).firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
            }
            let admitted: [(String, String)] = [
                ("version", "eq.2"), ("version", "not.in.(1,3)"), ("version", "is.null"), ("version", "gte.-4"),
                ("deployed_at", "gt.2026-01-10"), ("deployed_at", "not.is.null"), ("name", "ilike.in*"), ("name", "eq.Nightly digest"),
                ("name", "in.(Archive,Intake)"), ("is_active", "is.true"), ("is_active", "not.eq.false"), ("workflow_data", "cs.{}"),
                ("client_id", "eq.\(UUID().uuidString.lowercased())"), ("select", "*"), ("select", "name,version"),
                ("order", "version.desc.nullslast,name"),
            ]
            for (name, value) in admitted {
                #expect(try admits(name, value), "\(name)=\(value)")
                let query = name == "select" ? "select=\(value)" : "select=name&\(name)=\(value)"
                let response = try await app.request(.get, "/rest/v1/workflows?" + QueryString.encode(query), as: .user(fixture.a))
                #expect(response.status == .ok, "\(name)=\(value): \(response.text)")
            }
            let refused: [(String, String)] = [
                ("version", "2"), ("version", "eq.two"), ("version", "like.2"), ("deployed_at", "gt.yesterday"), ("deployed_at", "gt.2026-02-30"),
                ("is_active", "is.maybe"), ("name", "in.(a,b"), ("name", "eq"), ("client_id", "eq.not-a-uuid"), ("select", "nope"),
                ("select", "name,,version"), ("order", "version.sideways"),
            ]
            for (name, value) in refused {
                #expect(try !admits(name, value), "\(name)=\(value)")
            }
        }
    }

    /// Every `$ref` value in `value`.
    static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            return members.flatMap { key, member in key == "$ref" ? [member.stringValue ?? "<not a string>"] : references(in: member) }
        case .array(let elements):
            return elements.flatMap { references(in: $0) }
        default:
            return []
        }
    }

    /// What a local reference (`#/components/…`) points at.
    static func resolve(_ reference: String, in document: JSONValue) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var current: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") {
            current = current?[String(part)]
        }
        return current
    }
}
