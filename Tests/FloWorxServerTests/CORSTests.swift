import FloWorxServer
import HTTPTypes
import HummingbirdTesting
import Testing

/// CORS as Supabase serves it, so a browser front end on another origin can use the API.
@Suite struct CORSTests {
    static let preflight: HTTPFields = [
        .origin: "https://app.example.com", .accessControlRequestMethod: "POST",
        .accessControlRequestHeaders: "authorization, apikey, content-type, x-client-info, prefer",
    ]

    @Test(arguments: ["/rest/v1/profiles", "/auth/v1/token?grant_type=password", "/api/v1/emails", "/rest/v1/no_such_table"])
    func aPreflightIsAnsweredForAnyOrigin(path: String) async throws {
        try await TestApp.with { app in
            let response = try await app.request(.options, path, as: .nobody, headers: Self.preflight)
            #expect(response.status == .noContent)
            #expect(response.headers[.accessControlAllowOrigin] == "*")
            #expect(response.headers[.accessControlAllowMethods]?.contains("PATCH") == true)
            #expect(response.headers[.accessControlAllowHeaders] == "authorization, apikey, content-type, x-client-info, prefer")
            #expect(response.headers[.accessControlMaxAge] == "3600")
        }
    }

    @Test func responsesExposeThePaginationHeaders() async throws {
        try await TestApp.with { app in
            let response = try await app.request(.get, "/rest/v1/profiles", headers: [.origin: "https://app.example.com"])
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == "*")
            #expect(response.headers[.accessControlExposeHeaders]?.contains("Content-Range") == true)
            // Without an Origin there is nothing to add.
            let plain = try await app.request(.get, "/rest/v1/profiles")
            #expect(plain.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func configuredOriginsAreTheOnlyOnesAllowed() async throws {
        try await TestApp.with(configure: { $0.configuration.cors.allowedOrigins = ["https://app.example.com"] }) { app in
            let allowed = try await app.request(.options, "/rest/v1/profiles", as: .nobody, headers: Self.preflight)
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://app.example.com")
            #expect(allowed.headers[.vary] == "Origin")
            var other = Self.preflight
            other[.origin] = "https://evil.example"
            let refused = try await app.request(.options, "/rest/v1/profiles", as: .nobody, headers: other)
            #expect(refused.headers[.accessControlAllowOrigin] == nil)
            let read = try await app.request(.get, "/rest/v1/profiles", headers: [.origin: "https://evil.example"])
            #expect(read.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
