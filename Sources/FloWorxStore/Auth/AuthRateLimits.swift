import Foundation
import PostgresNIO

/// The auth API's rate limits, kept in `floworx.auth_rate_limits` so that every FloWorx process shares them
/// (migration 0025). Each claim is one statement that checks and counts atomically, and it is made before the
/// expensive work (bcrypt), so concurrent requests cannot all pass a check none of them has counted yet.
public struct AuthRateLimits: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// How sign-in attempts are limited.
    public struct SignInPolicy: Sendable, Hashable {
        /// Attempts per (email, address) before backoff.
        public var freeAttempts: Int
        /// The first wait; doubled with every further attempt.
        public var backoffSeconds: Int
        /// The longest wait.
        public var maxBackoffSeconds: Int
        /// Attempts per address and window, any email.
        public var attemptsPerAddress: Int
        /// The per-address window.
        public var windowSeconds: Int

        public init(freeAttempts: Int, backoffSeconds: Int, maxBackoffSeconds: Int, attemptsPerAddress: Int, windowSeconds: Int) {
            self.freeAttempts = freeAttempts
            self.backoffSeconds = backoffSeconds
            self.maxBackoffSeconds = maxBackoffSeconds
            self.attemptsPerAddress = attemptsPerAddress
            self.windowSeconds = windowSeconds
        }
    }

    /// Claims one sign-in attempt of `email` (normalised) from `address`: `nil` when it may go ahead (it is counted),
    /// else the seconds until one would be admitted (nothing is counted).
    public func claimSignIn(email: String, address: String, policy: SignInPolicy) async throws -> Int? {
        let rows = try await database.query("""
            SELECT floworx.claim_signin_attempt(\(email), \(address), \(policy.freeAttempts)::int, \(policy.backoffSeconds)::int,
                                                \(policy.maxBackoffSeconds)::int, \(policy.attemptsPerAddress)::int, \(policy.windowSeconds)::int)
            """).collect()
        let wait = try rows[0].decode(Int.self)
        return wait > 0 ? wait : nil
    }

    /// Records a successful sign-in: the (email, address) starts afresh and the address gets its attempt back.
    public func signInSucceeded(email: String, address: String) async throws {
        try await database.query("SELECT floworx.signin_succeeded(\(email), \(address))")
    }

    /// Claims one sign-up from `address`, at most `limit` per `windowSeconds`: `nil` when it may go ahead (it is
    /// counted), else the seconds until the window ends.
    public func claimSignup(address: String, limit: Int, windowSeconds: Int) async throws -> Int? {
        // The count stops at limit + 1, so that the row says "full" without growing; a window that has ended
        // starts again at 1.
        let rows = try await database.query("""
            INSERT INTO floworx.auth_rate_limits AS r (scope, address, subject, attempts)
            VALUES ('signup_address', \(address), '', 1)
            ON CONFLICT (scope, address, subject) DO UPDATE SET
              attempts = CASE WHEN r.window_started_at <= now() - make_interval(secs => \(windowSeconds)) THEN 1
                              ELSE least(r.attempts + 1, \(limit) + 1) END,
              window_started_at = CASE WHEN r.window_started_at <= now() - make_interval(secs => \(windowSeconds)) THEN now()
                                       ELSE r.window_started_at END,
              last_attempt_at = now()
            RETURNING r.attempts <= \(limit),
                      greatest(1, ceil(extract(epoch FROM r.window_started_at + make_interval(secs => \(windowSeconds)) - now())))::int
            """).collect()
        let (admitted, wait) = try rows[0].decode((Bool, Int).self)
        return admitted ? nil : wait
    }
}
