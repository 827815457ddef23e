import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// Sign-ups per client address (`FLOWORX_SIGNUP_RATE_LIMIT`, default 10 per hour), counted in PostgreSQL.
@Suite struct AuthSignupLimitTests {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    static func signUp(_ app: TestApp, from address: String) async throws -> TestResponse {
        try await app.request(
            .post, "/auth/v1/signup", headers: [forwardedFor: address],
            json: #"{"email": "\#(TestApp.uniqueEmail())", "password": "\#(TestApp.password)"}"#
        )
    }

    /// 30 concurrent sign-ups from one address: the default admits 10, the rest get GoTrue's 429 with Retry-After.
    /// Another address is not affected, and a new window admits again.
    @Test func theDefaultAdmitsTenSignupsPerAddressAndHour() async throws {
        try await TestApp.with(auth: AuthConfiguration(clientAddressHeader: "X-Forwarded-For"), connections: 8) { app in
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<30 { group.addTask { try await Self.signUp(app, from: "203.0.113.30") } }
                return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
            }
            #expect(responses.filter { $0.status == .ok }.count == 10, "statuses: \(responses.map(\.status.code))")
            let refused = responses.filter { $0.status == .tooManyRequests }
            #expect(refused.count == 20)
            for response in refused {
                try expectAuthError(response, .tooManyRequests, errorCode: "over_request_rate_limit")
                #expect((3500...3600).contains(try #require(response.headers[.retryAfter].flatMap(Int.init))))
            }
            #expect(try await app.db.count("SELECT count(*) FROM auth.users") == 10)

            #expect(try await Self.signUp(app, from: "198.51.100.30").status == .ok)
            try await app.db.execute("""
                UPDATE floworx.auth_rate_limits SET window_started_at = now() - interval '3601 seconds' WHERE address = '203.0.113.30'
                """)
            #expect(try await Self.signUp(app, from: "203.0.113.30").status == .ok)
        }
    }

    /// 0 turns the limit off.
    @Test func zeroAdmitsAnyNumber() async throws {
        try await TestApp.with(auth: AuthConfiguration(signupsPerAddress: 0)) { app in
            for _ in 0..<12 { _ = try await app.signUp() }
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_rate_limits") == 0)
        }
    }

    /// Requests refused before the expensive part (disabled sign-up, invalid input) are not counted.
    @Test func refusedRequestsAreNotCounted() async throws {
        try await TestApp.with(auth: AuthConfiguration(signupsPerAddress: 1)) { app in
            for _ in 0..<3 {
                let response = try await app.request(.post, "/auth/v1/signup", json: #"{"email": "bad", "password": "\#(TestApp.password)"}"#)
                try expectAuthError(response, .badRequest, errorCode: "validation_failed")
            }
            _ = try await app.signUp()
            let second = try await app.request(.post, "/auth/v1/signup", json: #"{"email": "\#(TestApp.uniqueEmail())", "password": "\#(TestApp.password)"}"#)
            try expectAuthError(second, .tooManyRequests, errorCode: "over_request_rate_limit")
        }
    }
}
