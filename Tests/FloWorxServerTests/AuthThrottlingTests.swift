import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// Sign-in throttling (`floworx.auth_rate_limits`, shared by every process): a few free attempts per (email, client
/// address), then exponential backoff; a much higher ceiling per address across emails. Claimed before the password
/// is compared, so concurrent attempts are limited too.
@Suite struct AuthThrottlingTests {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// Settings under test: addresses from `X-Forwarded-For`, as behind one proxy.
    static func behindProxy(free: Int = 5, perAddress: Int = 100) -> AuthConfiguration {
        AuthConfiguration(freeSignInAttempts: free, signInAttemptsPerAddress: perAddress, clientAddressHeader: "X-Forwarded-For")
    }

    /// The password grant from `address` (through the trusted proxy header).
    static func signIn(_ app: TestApp, _ email: String, password: String, from address: String) async throws -> TestResponse {
        try await app.request(
            .post, "/auth/v1/token?grant_type=password", headers: [forwardedFor: address],
            json: #"{"email": "\#(email)", "password": "\#(password)"}"#
        )
    }

    /// 40 concurrent wrong passwords for one account from one address: only the free attempts reach the password
    /// comparison, the rest are refused with GoTrue's 429 before it. The owner, elsewhere, still signs in.
    @Test func concurrentAttemptsAreCountedBeforeThePasswordIsCompared() async throws {
        try await concurrentAttempts(.router)
    }

    /// The same over real HTTP connections.
    @Test func concurrentAttemptsOverRealConnectionsAreCountedToo() async throws {
        try await concurrentAttempts(.live)
    }

    private func concurrentAttempts(_ setup: TestingSetup) async throws {
        try await TestApp.with(setup, auth: Self.behindProxy(free: 5), connections: 8) { app in
            let user = try await app.signUp()
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await Self.signIn(app, user.email, password: "guess", from: "203.0.113.9") }
                }
                return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
            }
            let evaluated = responses.filter { $0.status == .badRequest }
            let throttled = responses.filter { $0.status == .tooManyRequests }
            #expect(evaluated.count == 5, "statuses: \(responses.map(\.status.code))")
            #expect(throttled.count == 35)
            for response in evaluated { try expectAuthError(response, .badRequest, errorCode: "invalid_credentials") }
            for response in throttled {
                try expectAuthError(response, .tooManyRequests, errorCode: "over_request_rate_limit")
                let wait = try #require(response.headers[.retryAfter].flatMap(Int.init))
                #expect((1...30).contains(wait))
            }
            // The right password: refused from the attacker's address, accepted from the owner's.
            #expect(try await Self.signIn(app, user.email, password: TestApp.password, from: "203.0.113.9").status == .tooManyRequests)
            #expect(try await Self.signIn(app, user.email, password: TestApp.password, from: "198.51.100.20").status == .ok)
        }
    }

    /// After the free attempts every attempt waits, twice as long as the one before; a success starts afresh.
    @Test func theWaitDoublesAndASuccessClearsIt() async throws {
        try await TestApp.with(auth: Self.behindProxy(free: 3)) { app in
            let user = try await app.signUp()
            let address = "192.0.2.44"
            for _ in 0..<3 {
                try expectAuthError(try await Self.signIn(app, user.email, password: "guess", from: address), .badRequest, errorCode: "invalid_credentials")
            }
            let first = try await Self.signIn(app, user.email, password: TestApp.password, from: address)
            try expectAuthError(first, .tooManyRequests, errorCode: "over_request_rate_limit")
            #expect((1...30).contains(try #require(first.headers[.retryAfter].flatMap(Int.init))))
            // Refused attempts are not counted.
            #expect(try await app.db.count("SELECT attempts FROM floworx.auth_rate_limits WHERE scope = 'signin'") == 3)

            // The wait is over (moved into the past rather than slept through): one more wrong attempt, then 60 s.
            try await app.db.execute("UPDATE floworx.auth_rate_limits SET blocked_until = now() - interval '1 second' WHERE scope = 'signin'")
            #expect(try await Self.signIn(app, user.email, password: "guess", from: address).status == .badRequest)
            let second = try await Self.signIn(app, user.email, password: "guess", from: address)
            #expect(second.status == .tooManyRequests)
            #expect((31...60).contains(try #require(second.headers[.retryAfter].flatMap(Int.init))), "\(second.headers)")

            try await app.db.execute("UPDATE floworx.auth_rate_limits SET blocked_until = now() - interval '1 second' WHERE scope = 'signin'")
            #expect(try await Self.signIn(app, user.email, password: TestApp.password, from: address).status == .ok)
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_rate_limits WHERE scope = 'signin'") == 0)
            #expect(try await Self.signIn(app, user.email, password: "guess", from: address).status == .badRequest)
        }
    }

    /// Case and Unicode spellings of one address share one throttle.
    @Test func spellingsOfAnEmailShareItsThrottle() async throws {
        try await TestApp.with(auth: Self.behindProxy(free: 4)) { app in
            let user = try await app.signUp("\u{00E9}lodie@example.fr")
            let address = "192.0.2.45"
            for spelling in ["\u{00C9}LODIE@example.fr", "E\u{0301}lodie@Example.FR", "e\u{0301}lodie@example.fr", "  \u{00E9}lodie@example.fr"] {
                try expectAuthError(try await Self.signIn(app, spelling, password: "guess", from: address), .badRequest, errorCode: "invalid_credentials")
            }
            #expect(try await Self.signIn(app, user.email, password: TestApp.password, from: address).status == .tooManyRequests)
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_rate_limits WHERE scope = 'signin'") == 1)
        }
    }

    /// One address trying many accounts meets the per-address ceiling; other addresses do not.
    @Test func oneAddressTryingManyAccountsIsStopped() async throws {
        try await TestApp.with(auth: Self.behindProxy(free: 5, perAddress: 4)) { app in
            let user = try await app.signUp()
            let sprayer = "203.0.113.50"
            // A correct sign-in gives its attempt back: people behind one NAT do not fill the ceiling.
            #expect(try await Self.signIn(app, user.email, password: TestApp.password, from: sprayer).status == .ok)
            for attempt in 0..<4 {
                let response = try await Self.signIn(app, "probe\(attempt)@example.com", password: "guess", from: sprayer)
                try expectAuthError(response, .badRequest, errorCode: "invalid_credentials")
            }
            let blocked = try await Self.signIn(app, user.email, password: TestApp.password, from: sprayer)
            try expectAuthError(blocked, .tooManyRequests, errorCode: "over_request_rate_limit")
            #expect((800...900).contains(try #require(blocked.headers[.retryAfter].flatMap(Int.init))))
            #expect(try await Self.signIn(app, user.email, password: TestApp.password, from: "198.51.100.21").status == .ok)
            // The window ends: the address may try again.
            try await app.db.execute("""
                UPDATE floworx.auth_rate_limits SET window_started_at = now() - interval '901 seconds' WHERE scope = 'signin_address'
                """)
            #expect(try await Self.signIn(app, user.email, password: TestApp.password, from: sprayer).status == .ok)
        }
    }

    /// An (email, address) quiet for a whole window after its last wait starts afresh.
    @Test func quietThrottlesAreForgotten() async throws {
        try await TestApp.with(auth: Self.behindProxy(free: 2)) { app in
            let user = try await app.signUp()
            for _ in 0..<2 { _ = try await Self.signIn(app, user.email, password: "guess", from: "192.0.2.46") }
            #expect(try await Self.signIn(app, user.email, password: TestApp.password, from: "192.0.2.46").status == .tooManyRequests)
            try await app.db.execute("""
                UPDATE floworx.auth_rate_limits SET last_attempt_at = now() - interval '1000 seconds', blocked_until = now() - interval '901 seconds'
                """)
            #expect(try await Self.signIn(app, user.email, password: "guess", from: "192.0.2.46").status == .badRequest)
            #expect(try await Self.signIn(app, user.email, password: TestApp.password, from: "192.0.2.46").status == .ok)
        }
    }

    /// Over a real connection without a configured header, the peer address is the key: an `X-Forwarded-For` the
    /// client sends is ignored, so it cannot pick a fresh key per attempt.
    @Test func withoutAConfiguredHeaderThePeerAddressIsTheKey() async throws {
        try await TestApp.with(.live, auth: AuthConfiguration(freeSignInAttempts: 2)) { app in
            let user = try await app.signUp()
            for attempt in 0..<2 {
                let response = try await Self.signIn(app, user.email, password: "guess", from: "198.51.100.\(attempt)")
                try expectAuthError(response, .badRequest, errorCode: "invalid_credentials")
            }
            let blocked = try await Self.signIn(app, user.email, password: TestApp.password, from: "198.51.100.99")
            try expectAuthError(blocked, .tooManyRequests, errorCode: "over_request_rate_limit")

            let addresses = try await app.db.texts("SELECT DISTINCT address FROM floworx.auth_rate_limits WHERE scope = 'signin'")
            #expect(addresses.count == 1)
            let peer = try #require(addresses.first)
            #expect(["127.0.0.1", "::1"].contains(peer), "the peer's address, got \(peer)")
            // The sessions record the same address.
            #expect(try await app.db.texts("SELECT DISTINCT ip FROM floworx.auth_sessions WHERE user_id = \(user.userId)") == [peer])
        }
    }

    /// Behind a proxy, the last entry of the header is the client (earlier ones are the client's own claims);
    /// a value that is not an address falls back to the peer.
    @Test func theLastEntryOfTheConfiguredHeaderIsTheClient() async throws {
        try await TestApp.with(auth: Self.behindProxy()) { app in
            let user = try await app.signUp()
            _ = try await Self.signIn(app, user.email, password: "guess", from: "10.9.9.9, 203.0.113.77")
            _ = try await Self.signIn(app, user.email, password: "guess", from: "not an address")
            let addresses = try await app.db.texts("SELECT address FROM floworx.auth_rate_limits WHERE scope = 'signin' ORDER BY address")
            #expect(addresses == ["203.0.113.77", "unknown"])
        }
    }
}
