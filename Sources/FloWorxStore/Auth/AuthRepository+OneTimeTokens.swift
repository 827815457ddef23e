import Crypto
import Foundation
import PostgresNIO

/// Emailed one-time tokens (links and 6-digit codes) in `floworx.auth_one_time_tokens` (migration 0036), and the
/// per-address limit on auth emails.
extension AuthRepository {
    /// A token as issued: the link value and the code, shown once (only their hashes are stored).
    public struct IssuedToken: Sendable, Hashable {
        public var link: String
        public var code: String
    }

    /// How a token is presented at `/verify`.
    public enum Presented: Sendable, Hashable {
        /// The value of an emailed link (`token_hash`, or `token` of `GET /verify`).
        case link(String)
        /// The emailed code with the address it was sent to (normalised).
        case code(String, email: String)
    }

    /// What redeeming found.
    public enum Redemption: Sendable, Hashable {
        /// The token was valid and is used up; the user as it now is, and the slot it came from.
        case redeemed(AuthUser, OneTimeTokenSlot)
        /// No live token matches (never issued, used, replaced, expired, or too many wrong codes).
        case invalid
        /// An email change whose new address another user took in the meantime; the token is kept.
        case emailTaken
    }

    /// Issues a token for `slot`, replacing the user's previous one of that slot; `email` is where it is mailed
    /// (normalised). It lives `lifetimeSeconds`.
    public func issueToken(userId: UUID, slot: OneTimeTokenSlot, email: String, lifetimeSeconds: Int) async throws -> IssuedToken {
        // 192 random bits, as a refresh token has.
        let link = AuthRepository.newRefreshToken().token
        let code = String(format: "%06d", Int.random(in: 0...999_999))
        try await database.query("""
            INSERT INTO floworx.auth_one_time_tokens (user_id, slot, email, link_hash, code_hash, expires_at)
            VALUES (\(userId), \(slot.rawValue), \(email), \(ByteBuffer(bytes: Self.hash(link))), \(ByteBuffer(bytes: Self.hash(code))),
                    now() + make_interval(secs => \(lifetimeSeconds)))
            ON CONFLICT (user_id, slot) DO UPDATE SET
              email = excluded.email, link_hash = excluded.link_hash, code_hash = excluded.code_hash,
              failed_attempts = 0, created_at = now(), expires_at = excluded.expires_at
            """)
        return IssuedToken(link: link, code: code)
    }

    /// Redeems a token of one of `slots` once: deletes it and applies what it confirms, in one transaction —
    /// the email is confirmed, and for an email change the user's address becomes the one the token was sent to.
    /// A wrong code counts against every live token of that address; at `maximumCodeAttempts` they stop working.
    public func redeemToken(_ presented: Presented, slots: [OneTimeTokenSlot], maximumCodeAttempts: Int) async throws -> Redemption {
        let slotNames = slots.map(\.rawValue)
        do {
            return try await redeem(presented, slotNames: slotNames, maximumCodeAttempts: maximumCodeAttempts)
        } catch is EmailTakenRollback {
            return .emailTaken
        }
    }

    private func redeem(_ presented: Presented, slotNames: [String], maximumCodeAttempts: Int) async throws -> Redemption {
        try await database.transaction { connection in
            let rows: [PostgresRow]
            switch presented {
            case .link(let value):
                rows = try await connection.query("""
                    DELETE FROM floworx.auth_one_time_tokens
                    WHERE link_hash = \(ByteBuffer(bytes: Self.hash(value))) AND slot = ANY(\(slotNames)) AND expires_at > now()
                      AND failed_attempts < \(maximumCodeAttempts)
                    RETURNING user_id, slot, email
                    """).collect()
            case .code(let code, let email):
                // The oldest matching slot first: with type "email", a sign-up confirmation wins over a magic link.
                rows = try await connection.query("""
                    DELETE FROM floworx.auth_one_time_tokens WHERE id = (
                      SELECT id FROM floworx.auth_one_time_tokens
                      WHERE email = \(email) AND code_hash = \(ByteBuffer(bytes: Self.hash(code))) AND slot = ANY(\(slotNames))
                        AND expires_at > now() AND failed_attempts < \(maximumCodeAttempts)
                      ORDER BY slot = 'confirmation' DESC, created_at LIMIT 1)
                    RETURNING user_id, slot, email
                    """).collect()
                if rows.isEmpty {
                    try await connection.query("""
                        UPDATE floworx.auth_one_time_tokens SET failed_attempts = failed_attempts + 1
                        WHERE email = \(email) AND slot = ANY(\(slotNames))
                        """)
                }
            }
            guard let row = rows.first else { return .invalid }
            let (userId, slotName, email) = try row.decode((UUID, String, String).self)
            guard let slot = OneTimeTokenSlot(rawValue: slotName) else { return .invalid }
            if slot == .emailChange {
                let taken = try await connection.query("""
                    SELECT count(*)::int FROM auth.users
                    WHERE id <> \(userId) AND floworx.normalize_email(email) = floworx.normalize_email(\(email))
                    """).collect()
                if try taken[0].decode(Int.self) > 0 { throw EmailTakenRollback() }
            }
            let updated = try await connection.query("""
                UPDATE auth.users SET
                  email = CASE WHEN \(slot == .emailChange) THEN \(email) ELSE email END,
                  email_confirmed_at = coalesce(email_confirmed_at, now()),
                  updated_at = now()
                WHERE id = \(userId)
                RETURNING \(unescaped: Self.userColumns)
                """).collect()
            guard let user = try updated.first.map(Self.decodeUser) else { return .invalid }
            return .redeemed(user, slot)
        }
    }

    /// The token of an email change for `userId`'s pending new address, if one is live (GoTrue's `new_email`).
    public func pendingEmailChange(userId: UUID) async throws -> String? {
        try await database.query("""
            SELECT email FROM floworx.auth_one_time_tokens WHERE user_id = \(userId) AND slot = 'email_change' AND expires_at > now()
            """).collect().first?.decode(String.self)
    }

    /// Claims the one auth email `email` (normalised) may get per `intervalSeconds`: `nil` when it may be sent (it is
    /// counted), else the seconds until the next may be. Counted per address whether or not a user has it.
    public func claimAuthEmail(_ email: String, intervalSeconds: Int) async throws -> Int? {
        let rows = try await database.query("""
            INSERT INTO floworx.auth_rate_limits AS r (scope, address, subject, attempts, last_attempt_at)
            VALUES ('auth_email', '', \(email), 1, now())
            ON CONFLICT (scope, address, subject) DO UPDATE SET attempts = r.attempts + 1, last_attempt_at = now()
              WHERE r.last_attempt_at <= now() - make_interval(secs => \(intervalSeconds))
            RETURNING 1
            """).collect()
        if !rows.isEmpty { return nil }
        let wait = try await database.query("""
            SELECT greatest(1, ceil(extract(epoch FROM last_attempt_at + make_interval(secs => \(intervalSeconds)) - now())))::int
            FROM floworx.auth_rate_limits WHERE scope = 'auth_email' AND address = '' AND subject = \(email)
            """).collect()
        return try wait.first?.decode(Int.self) ?? 1
    }
}

/// Ends the redemption's transaction (so the token is kept) when the new address of an email change is taken.
struct EmailTakenRollback: Error {}
