import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// Requests that used to take the server down, or hold it, with nothing but the anon key: each now gets a
/// documented 4xx and the server keeps answering.
@Suite struct RestHardeningTests {
    @Test(arguments: ["0-9223372036854775807", "items=0-9223372036854775807", "9223372036854775807-9223372036854775807", "9223372036854775806-"])
    func aRangeAtTheEdgeOfIntegersIsAnsweredNotATrap(range: String) async throws {
        try await TestApp.with { app in
            let response = try await app.request(.get, "/rest/v1/profiles", headers: [.range: range])
            #expect([.ok, .partialContent].contains(response.status), "\(range): \(response.status) \(response.text)")
            #expect(response.headers[.contentRange] != nil)
            let after = try await app.request(.get, "/rest/v1/profiles")
            #expect(after.status == .ok)
        }
    }

    @Test func aRangeBeyondIntegersIs416() async throws {
        try await TestApp.with { app in
            let response = try await app.request(.get, "/rest/v1/profiles", headers: [.range: "0-99999999999999999999999"])
            try expectRestError(response, .rangeNotSatisfiable, code: "PGRST103")
        }
    }

    static func nested(_ depth: Int, key: String = "or") -> String {
        String(repeating: "\(key)(", count: depth - 1) + "id.eq.00000000-0000-0000-0000-000000000000" + String(repeating: ")", count: depth - 1)
    }

    @Test func logicTreesNestUpToTheLimit() async throws {
        try await TestApp.with { app in
            let limit = 32
            let inside = try await app.request(.get, "/rest/v1/profiles?or=(\(Self.nested(limit)))")
            #expect(inside.status == .ok, "\(inside.text)")
            for key in ["or", "and", "not.or", "not.and"] {
                let deeper = try await app.request(.get, "/rest/v1/profiles?\(key)=(\(Self.nested(limit + 1)))")
                try expectRestError(deeper, .badRequest, code: "PGRST100")
            }
        }
    }

    @Test func aLogicTreeThousandsDeepIsRefusedWithoutRecursingIntoIt() async throws {
        // With the URL limit raised, the parser itself must refuse: 16,000 levels used to overflow the stack.
        try await TestApp.with(configure: { $0.configuration.limits.maximumURLLength = 1 << 20 }) { app in
            let deep = try await app.request(.get, "/rest/v1/profiles?or=(\(Self.nested(16_000)))")
            try expectRestError(deep, .badRequest, code: "PGRST100")
        }
        // With the default limit, the URL is refused first.
        try await TestApp.with { app in
            let deep = try await app.request(.get, "/rest/v1/profiles?or=(\(Self.nested(16_000)))")
            try expectRestError(deep, .uriTooLong, code: "PGRST414")
        }
    }

    @Test(arguments: ["select=a%00b:id", "select=id&id=eq.%00", "id%00=eq.1"])
    func aNULInTheQueryIs400(query: String) async throws {
        try await TestApp.with { app in
            let response = try await app.request(.get, "/rest/v1/profiles?\(query)")
            try expectRestError(response, .badRequest, code: "PGRST100")
        }
    }

    @Test func aDeclaredBodyOverTheLimitIs413BeforeItIsRead() async throws {
        try await TestApp.with(configure: { $0.configuration.limits.maximumBodySize = 1_000 }) { app in
            let user = try await app.signUp()
            let big = #"{"client_id": "\#(user.id)", "name": "\#(String(repeating: "x", count: 2_000))", "workflow_data": {}}"#
            let rest = try await app.request(.post, "/rest/v1/workflows", as: .user(user), json: big)
            try expectRestError(rest, .contentTooLarge, code: "PGRST413")
            let auth = try await app.request(.post, "/auth/v1/signup", json: #"{"email": "a@b.test", "password": "\#(String(repeating: "p", count: 2_000))"}"#)
            try expectAuthError(auth, .contentTooLarge, errorCode: "request_too_large")
            #expect(try await app.db.count("SELECT count(*) FROM public.workflows") == 0)
        }
    }

    @Test func theOpenAPIServerURLNeverEchoesTheHostHeader() async throws {
        // Unconfigured: the listening address, as PostgREST derives it from its host and port settings.
        try await TestApp.with(.live, configure: { $0.configuration.publicURL = nil }) { app in
            let response = try await app.request(.get, "/rest/v1/", headers: [.init("Host")!: "evil.example"])
            #expect(response.status == .ok)
            let url = try #require(try response.json()["servers"]?[0]?["url"]?.stringValue)
            #expect(url.hasPrefix("http://127.0.0.1:") && url != "http://127.0.0.1:0", "\(url)")
            #expect(!response.text.contains("evil.example"))
        }
    }
}
