import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// Failed sign-ins are throttled per email and per client address (`floworx.auth_failures`), across processes.
@Suite struct AuthThrottlingTests {
    @Test func tooManyFailuresForOneEmailBlockItsSignIns() async throws {
        try await TestApp.with(auth: AuthConfiguration(maxFailuresPerEmail: 3, maxFailuresPerAddress: 100, throttleWindowSeconds: 600)) { app in
            let user = try await app.signUp("target@example.com")
            let bystander = try await app.signUp()
            // The email is matched whatever its case.
            for spelling in ["target@example.com", "TARGET@example.com", "Target@Example.com"] {
                try expectAuthError(try await app.signInResponse(spelling, password: "guess"), .badRequest, errorCode: "invalid_credentials")
            }
            let blocked = try await app.signInResponse(user.email, password: TestApp.password)
            try expectAuthError(blocked, .tooManyRequests, errorCode: "over_request_rate_limit", message: "Too many failed sign-in attempts; try again later")
            #expect(blocked.headers[.retryAfter] == "600")
            // Still blocked, and the blocked attempts are not counted as new failures.
            #expect(try await app.signInResponse(user.email, password: TestApp.password).status == .tooManyRequests)
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_failures") == 3)
            // Another account from the same address is not affected.
            _ = try await app.signIn(bystander.email)
        }
    }

    /// A successful sign-in forgets the email's earlier failures.
    @Test func aSuccessfulSignInClearsTheEmailsFailures() async throws {
        try await TestApp.with(auth: AuthConfiguration(maxFailuresPerEmail: 3, maxFailuresPerAddress: 100)) { app in
            let user = try await app.signUp()
            for _ in 0..<2 { #expect(try await app.signInResponse(user.email, password: "guess").status == .badRequest) }
            _ = try await app.signIn(user.email)
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_failures") == 0)
            for _ in 0..<3 { #expect(try await app.signInResponse(user.email, password: "guess").status == .badRequest) }
            #expect(try await app.signInResponse(user.email, password: TestApp.password).status == .tooManyRequests)
        }
    }

    /// Failures older than the window no longer count.
    @Test func failuresAgeOutOfTheWindow() async throws {
        try await TestApp.with(auth: AuthConfiguration(maxFailuresPerEmail: 2, throttleWindowSeconds: 300)) { app in
            let user = try await app.signUp()
            for _ in 0..<2 { _ = try await app.signInResponse(user.email, password: "guess") }
            #expect(try await app.signInResponse(user.email, password: TestApp.password).status == .tooManyRequests)
            try await app.db.execute("UPDATE floworx.auth_failures SET failed_at = now() - interval '301 seconds'")
            _ = try await app.signIn(user.email)
        }
    }

    /// Over a real connection, failures are counted per peer address: many emails tried from one address block that
    /// address, while failures recorded for another address do not.
    @Test func tooManyFailuresFromOneAddressBlockIt() async throws {
        try await TestApp.with(.live, auth: AuthConfiguration(maxFailuresPerEmail: 100, maxFailuresPerAddress: 4)) { app in
            let user = try await app.signUp()
            // Another client's failures, well over the limit.
            try await app.db.execute("""
                INSERT INTO floworx.auth_failures (email, address)
                SELECT 'victim' || n || '@example.com', '198.51.100.7' FROM generate_series(1, 10) n
                """)
            _ = try await app.signIn(user.email)

            for attempt in 0..<4 {
                let response = try await app.signInResponse("probe\(attempt)@example.com", password: "guess")
                try expectAuthError(response, .badRequest, errorCode: "invalid_credentials")
            }
            let blocked = try await app.signInResponse(user.email, password: TestApp.password)
            try expectAuthError(blocked, .tooManyRequests, errorCode: "over_request_rate_limit")

            let addresses = try await app.db.texts("SELECT DISTINCT address FROM floworx.auth_failures WHERE email LIKE 'probe%'")
            #expect(addresses.count == 1)
            let peer = try #require(addresses.first)
            #expect(["127.0.0.1", "::1"].contains(peer), "the peer's address, got \(peer)")
            // The sessions record the same address.
            #expect(try await app.db.texts("SELECT DISTINCT ip FROM floworx.auth_sessions WHERE user_id = \(user.userId)") == [peer])
        }
    }
}
