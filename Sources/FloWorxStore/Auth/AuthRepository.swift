import Crypto
import Foundation
import PostgresNIO

/// The SQL of FloWorx's auth server: users in `auth.users`, sessions and refresh tokens in `floworx`
/// (rate limits: `AuthRateLimits`).
public struct AuthRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// The auth API's rate limits, on the same database.
    public var rateLimits: AuthRateLimits { AuthRateLimits(database: database) }

    /// What a refresh token exchange found.
    public enum Rotation: Sendable, Hashable {
        /// The token was valid and is now used; the new one belongs to the same session.
        case rotated(sessionId: UUID, userId: UUID)
        case notFound
        /// The token was already used: its whole session is now revoked.
        case reused
        /// The session was revoked (logout, reuse, password change).
        case revoked
        case expired
    }

    /// Users are unique by email.
    public struct EmailTaken: Error {}

    /// A user's columns, for `decodeUser`; the statement reads (or updates, or inserts into) `auth.users` unaliased.
    /// The last one is the user's OAuth identities as GoTrue shows them in `identities[]`.
    static let userColumns = """
        id, email, coalesce(role, 'authenticated'), coalesce(aud, 'authenticated'), email_confirmed_at, last_sign_in_at,
        coalesce(raw_app_meta_data, '{}')::text, coalesce(raw_user_meta_data, '{}')::text, created_at, updated_at,
        (SELECT coalesce(jsonb_agg(jsonb_build_object(
                  'identity_id', i.id, 'id', i.provider_id, 'user_id', i.user_id, 'provider', i.provider, 'email', i.email,
                  'identity_data', i.identity_data,
                  'last_sign_in_at', to_char(i.last_sign_in_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                  'created_at', to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                  'updated_at', to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                ORDER BY i.created_at, i.id), '[]'::jsonb)::text
           FROM floworx.auth_identities i WHERE i.user_id = users.id)
        """

    /// The user of a row that starts with `userColumns`.
    static func decodeUser(_ row: PostgresRow) throws -> AuthUser {
        let (id, email, role, aud, confirmed, lastSignIn, app, user, created, updated, identities) =
            try row.decode((UUID, String, String, String, Date?, Date?, String, String, Date, Date, String).self)
        return AuthUser(id: id, email: email, role: role, aud: aud, emailConfirmedAt: confirmed, lastSignInAt: lastSignIn,
                        appMetadataJSON: app, userMetadataJSON: user, createdAt: created, updatedAt: updated, identitiesJSON: identities)
    }

    /// Creates a confirmed user (sign-up with autoconfirm on); the profile row follows by trigger.
    /// `email` should be normalised (`EmailAddress.normalized`); an address whose normal form an existing row has,
    /// in whatever spelling, is taken.
    public func createUser(email: String, passwordHash: String, userMetadataJSON: String) async throws -> AuthUser {
        try await createUser(email: email, passwordHash: passwordHash, confirmed: true, userMetadataJSON: userMetadataJSON, appMetadataJSON: "{}")
    }

    /// Creates a user, confirmed now or not (then `/verify` confirms it); `appMetadataJSON` is merged over GoTrue's
    /// provider fields. `passwordHash` `nil`: the user signs in by link or code only.
    public func createUser(email: String, passwordHash: String?, confirmed: Bool, userMetadataJSON: String, appMetadataJSON: String) async throws -> AuthUser {
        do {
            // Rows written before migration 0024 may be spelled otherwise: NOT EXISTS finds them. New rows are
            // normalised, so concurrent sign-ups of one address collide on UNIQUE (email).
            let rows = try await database.query("""
                INSERT INTO auth.users (aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
                SELECT 'authenticated', 'authenticated', \(email), \(passwordHash), CASE WHEN \(confirmed) THEN now() END,
                       '{"provider": "email", "providers": ["email"]}'::jsonb || \(appMetadataJSON)::jsonb, \(userMetadataJSON)::jsonb
                WHERE NOT EXISTS (SELECT 1 FROM auth.users WHERE floworx.normalize_email(email) = floworx.normalize_email(\(email)))
                RETURNING \(unescaped: Self.userColumns)
                """).collect()
            guard let row = rows.first else { throw EmailTaken() }
            return try Self.decodeUser(row)
        } catch where PostgresErrorText.sqlState(error) == "23505" {
            throw EmailTaken()
        }
    }

    /// The user with this email, in any spelling of it (composition, case), and its password hash. When rows
    /// from before normalisation share the normal form (migration 0024 reports them), the one spelled exactly as
    /// given wins, else the oldest.
    public func user(email: String) async throws -> (user: AuthUser, passwordHash: String?)? {
        let rows = try await database.query("""
            SELECT \(unescaped: Self.userColumns), encrypted_password FROM auth.users
            WHERE floworx.normalize_email(email) = floworx.normalize_email(\(email))
            ORDER BY email = \(email) DESC, created_at, id
            LIMIT 1
            """).collect()
        guard let row = rows.first else { return nil }
        let hash = try row.decode((UUID, String, String, String, Date?, Date?, String, String, Date, Date, String, String?).self).11
        return (try Self.decodeUser(row), hash)
    }

    /// The user with this id.
    public func user(id: UUID) async throws -> AuthUser? {
        let rows = try await database.query("SELECT \(unescaped: Self.userColumns) FROM auth.users WHERE id = \(id)").collect()
        return try rows.first.map(Self.decodeUser)
    }

    /// Changes email, password hash and/or metadata (merged into the existing metadata, as GoTrue does).
    /// A new `email` (normalised) is refused when another user has it in any spelling.
    public func updateUser(id: UUID, email: String?, passwordHash: String?, userMetadataJSON: String?) async throws -> AuthUser? {
        try await updateUser(id: id, AuthUserChange(email: email, passwordHash: passwordHash, userMetadataJSON: userMetadataJSON))
    }

    /// Applies `change` to the user; `nil` when there is no such user. A new email (normalised) is refused with
    /// `EmailTaken` when another user has it in any spelling.
    public func updateUser(id: UUID, _ change: AuthUserChange) async throws -> AuthUser? {
        if let email = change.email, try await emailTaken(email, byOtherThan: id) { throw EmailTaken() }
        do {
            let rows = try await database.query("""
                UPDATE auth.users SET
                  email = coalesce(\(change.email), email),
                  encrypted_password = coalesce(\(change.passwordHash), encrypted_password),
                  email_confirmed_at = CASE \(change.emailConfirmed)::boolean WHEN true THEN coalesce(email_confirmed_at, now())
                                                                              WHEN false THEN NULL ELSE email_confirmed_at END,
                  raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || coalesce(\(change.userMetadataJSON)::jsonb, '{}'::jsonb),
                  raw_app_meta_data = coalesce(raw_app_meta_data, '{}'::jsonb) || coalesce(\(change.appMetadataJSON)::jsonb, '{}'::jsonb),
                  updated_at = now()
                WHERE id = \(id)
                RETURNING \(unescaped: Self.userColumns)
                """).collect()
            return try rows.first.map(Self.decodeUser)
        } catch where PostgresErrorText.sqlState(error) == "23505" {
            throw EmailTaken()
        }
    }

    /// Whether a user other than `id` has `email` in any spelling.
    public func emailTaken(_ email: String, byOtherThan id: UUID?) async throws -> Bool {
        let others = try await database.query("""
            SELECT count(*)::int FROM auth.users
            WHERE id IS DISTINCT FROM \(id) AND floworx.normalize_email(email) = floworx.normalize_email(\(email))
            """).collect()
        return try others[0].decode(Int.self) > 0
    }

    /// Starts a session with its first refresh token and records the sign-in.
    public func createSession(userId: UUID, refreshTokenHash: [UInt8], expiresAt: Date, userAgent: String?, address: String?) async throws -> UUID {
        try await database.transaction { connection in
            let rows = try await connection.query("""
                INSERT INTO floworx.auth_sessions (user_id, user_agent, ip) VALUES (\(userId), \(userAgent), \(address)) RETURNING id
                """).collect()
            let sessionId = try rows[0].decode(UUID.self)
            try await connection.query("""
                INSERT INTO floworx.refresh_tokens (session_id, token_hash, expires_at) VALUES (\(sessionId), \(ByteBuffer(bytes: refreshTokenHash)), \(expiresAt))
                """)
            try await connection.query("UPDATE auth.users SET last_sign_in_at = now() WHERE id = \(userId)")
            return sessionId
        }
    }

    /// Exchanges a refresh token for a new one, or detects reuse and revokes the session.
    public func rotate(tokenHash: [UInt8], newTokenHash: [UInt8], newExpiresAt: Date) async throws -> Rotation {
        try await database.transaction { connection in
            let rows = try await connection.query("""
                SELECT t.id, t.session_id, s.user_id, t.used_at IS NOT NULL, s.revoked_at IS NOT NULL, t.expires_at < now()
                FROM floworx.refresh_tokens t JOIN floworx.auth_sessions s ON s.id = t.session_id
                WHERE t.token_hash = \(ByteBuffer(bytes: tokenHash))
                FOR UPDATE OF t, s
                """).collect()
            guard let row = rows.first else { return .notFound }
            let (tokenId, sessionId, userId, used, revoked, expired) = try row.decode((Int64, UUID, UUID, Bool, Bool, Bool).self)
            if revoked { return .revoked }
            if used {
                try await connection.query("""
                    UPDATE floworx.auth_sessions SET revoked_at = now(), revoked_reason = 'refresh_token_reuse' WHERE id = \(sessionId)
                    """)
                return .reused
            }
            if expired { return .expired }
            try await connection.query("UPDATE floworx.refresh_tokens SET used_at = now() WHERE id = \(tokenId)")
            try await connection.query("""
                INSERT INTO floworx.refresh_tokens (session_id, token_hash, parent_id, expires_at)
                VALUES (\(sessionId), \(ByteBuffer(bytes: newTokenHash)), \(tokenId), \(newExpiresAt))
                """)
            try await connection.query("UPDATE floworx.auth_sessions SET refreshed_at = now() WHERE id = \(sessionId)")
            return .rotated(sessionId: sessionId, userId: userId)
        }
    }

    /// Revokes one session (`local` logout).
    public func revokeSession(_ sessionId: UUID, userId: UUID, reason: String) async throws {
        try await database.query("""
            UPDATE floworx.auth_sessions SET revoked_at = now(), revoked_reason = \(reason)
            WHERE id = \(sessionId) AND user_id = \(userId) AND revoked_at IS NULL
            """)
    }

    /// Revokes every session of a user, optionally keeping one (`global` / `others` logout, password change).
    public func revokeSessions(userId: UUID, except keep: UUID?, reason: String) async throws {
        try await database.query("""
            UPDATE floworx.auth_sessions SET revoked_at = now(), revoked_reason = \(reason)
            WHERE user_id = \(userId) AND revoked_at IS NULL AND id IS DISTINCT FROM \(keep)
            """)
    }

    /// Whether a session is still valid.
    public func sessionIsActive(_ sessionId: UUID) async throws -> Bool {
        let rows = try await database.query("SELECT revoked_at IS NULL FROM floworx.auth_sessions WHERE id = \(sessionId)").collect()
        return try rows.first?.decode(Bool.self) ?? false
    }

    /// A new opaque refresh token and the SHA-256 stored for it.
    public static func newRefreshToken() -> (token: String, hash: [UInt8]) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return (token, hash(token))
    }

    /// The stored form of a refresh token.
    public static func hash(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }
}
