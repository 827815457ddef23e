import Crypto
import Foundation
import PostgresNIO

/// The SQL of GoTrue's OAuth sign-in (migration 0060): flows in progress (`floworx.auth_flow_states`, state and auth
/// code stored only as SHA-256, each used once before it expires) and external identities (`floworx.auth_identities`).
public struct OAuthSignInRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// A flow as the callback finds it.
    public struct Flow: Sendable, Hashable {
        public var id: UUID
        public var provider: String
        /// FloWorx's PKCE verifier towards the provider.
        public var providerVerifier: String
        public var redirectTo: String
        /// GoTrue's PKCE flow: the client's challenge and method (`s256`, `plain`); nil for the implicit flow.
        public var codeChallenge: String?
        public var codeChallengeMethod: String?
    }

    /// What the provider said about the account that signed in.
    public struct ExternalAccount: Sendable, Hashable {
        /// `google` or `azure`.
        public var provider: String
        /// The provider's stable subject id (`sub`).
        public var providerId: String
        /// The verified email address, normalised.
        public var email: String
        /// GoTrue's identity data (`sub`, `email`, `email_verified`, `iss`, `name`…) as a JSON object.
        public var identityDataJSON: String

        public init(provider: String, providerId: String, email: String, identityDataJSON: String) {
            self.provider = provider
            self.providerId = providerId
            self.email = email
            self.identityDataJSON = identityDataJSON
        }
    }

    /// What a sign-in found.
    public enum SignIn: Sendable, Hashable {
        /// The user: found by the identity, linked by its verified email, or created.
        case user(AuthUser, created: Bool)
        /// No user has the identity or the email, and sign-ups are disabled.
        case signupDisabled
    }

    /// What redeeming a PKCE auth code found.
    public enum CodeRedemption: Sendable, Hashable {
        /// The code was live and is now used; the user and the challenge it must be verified against.
        case redeemed(userId: UUID, challenge: String, method: String)
        /// Unknown or already used.
        case notFound
        /// Known but past its lifetime (now used up too).
        case expired
    }

    /// Records a started flow; `state` is what the browser carries to the provider and back.
    public func start(state: String, provider: String, providerVerifier: String, redirectTo: String, codeChallenge: String?,
                      codeChallengeMethod: String?, lifetimeSeconds: Int) async throws {
        try await database.query("""
            INSERT INTO floworx.auth_flow_states (state_sha256, provider, provider_verifier, redirect_to, code_challenge,
                                                  code_challenge_method, expires_at)
            VALUES (\(Self.hash(state)), \(provider), \(providerVerifier), \(redirectTo), \(codeChallenge), \(codeChallengeMethod),
                    now() + make_interval(secs => \(lifetimeSeconds)))
            """)
        // Flows nobody finished are of no use: forget them as new ones start.
        try await database.query("DELETE FROM floworx.auth_flow_states WHERE expires_at < now() - interval '1 day'")
    }

    /// Takes a flow by its state, once: nil when unknown, expired or already used (marked used in the same statement).
    public func consume(state: String) async throws -> Flow? {
        let rows = try await database.query("""
            UPDATE floworx.auth_flow_states SET state_used_at = now()
            WHERE state_sha256 = \(Self.hash(state)) AND state_used_at IS NULL AND expires_at > now()
            RETURNING id, provider, provider_verifier, redirect_to, code_challenge, code_challenge_method
            """).collect()
        guard let row = rows.first else { return nil }
        let (id, provider, verifier, redirectTo, challenge, method) = try row.decode((UUID, String, String, String, String?, String?).self)
        return Flow(id: id, provider: provider, providerVerifier: verifier, redirectTo: redirectTo, codeChallenge: challenge, codeChallengeMethod: method)
    }

    /// Finds or creates the user of `account`, in one transaction: by its identity first; else the user with its
    /// (verified) email, which gets the identity linked; else a new confirmed user without a password (when
    /// `allowSignup`). `raw_app_meta_data.providers` lists every provider the user has, as GoTrue keeps it.
    public func signIn(_ account: ExternalAccount, allowSignup: Bool) async throws -> SignIn {
        do {
            return try await signInOnce(account, allowSignup: allowSignup)
        } catch where PostgresErrorText.sqlState(error) == "23505" {
            // A concurrent first sign-in of the same account or address created it meanwhile: now it is found.
            return try await signInOnce(account, allowSignup: allowSignup)
        }
    }

    private func signInOnce(_ account: ExternalAccount, allowSignup: Bool) async throws -> SignIn {
        try await database.transaction { connection in
            let known = try await connection.query("""
                SELECT user_id FROM floworx.auth_identities WHERE provider = \(account.provider) AND provider_id = \(account.providerId) FOR UPDATE
                """).collect()
            var userId = try known.first?.decode(UUID.self)
            var created = false
            if userId == nil {
                let byEmail = try await connection.query("""
                    SELECT id, email_confirmed_at IS NOT NULL FROM auth.users
                    WHERE floworx.normalize_email(email) = floworx.normalize_email(\(account.email))
                    ORDER BY email = \(account.email) DESC, created_at, id LIMIT 1 FOR UPDATE
                    """).collect()
                if let row = byEmail.first {
                    let (id, confirmed) = try row.decode((UUID, Bool).self)
                    userId = id
                    if !confirmed {
                        // Whoever signed up with this address never proved it; the provider has. Their password and
                        // sessions go, so a pre-registered account cannot be held open by someone else.
                        try await connection.query("UPDATE auth.users SET encrypted_password = NULL WHERE id = \(id)")
                        try await connection.query("""
                            UPDATE floworx.auth_sessions SET revoked_at = now(), revoked_reason = 'logout' WHERE user_id = \(id) AND revoked_at IS NULL
                            """)
                    }
                } else {
                    guard allowSignup else { return .signupDisabled }
                    let inserted = try await connection.query("""
                        INSERT INTO auth.users (aud, role, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
                        VALUES ('authenticated', 'authenticated', \(account.email), now(),
                                jsonb_build_object('provider', \(account.provider)::text, 'providers', jsonb_build_array(\(account.provider)::text)),
                                \(account.identityDataJSON)::jsonb)
                        RETURNING id
                        """).collect()
                    userId = try inserted[0].decode(UUID.self)
                    created = true
                }
                try await connection.query("""
                    INSERT INTO floworx.auth_identities (user_id, provider, provider_id, email, identity_data, last_sign_in_at)
                    VALUES (\(userId!), \(account.provider), \(account.providerId), \(account.email), \(account.identityDataJSON)::jsonb, now())
                    """)
            } else {
                try await connection.query("""
                    UPDATE floworx.auth_identities SET identity_data = \(account.identityDataJSON)::jsonb, email = \(account.email),
                           last_sign_in_at = now(), updated_at = now()
                    WHERE provider = \(account.provider) AND provider_id = \(account.providerId)
                    """)
            }
            // The provider vouched for the address: it counts as confirmed; the provider joins the user's list.
            let rows = try await connection.query("""
                UPDATE auth.users SET
                  email_confirmed_at = coalesce(email_confirmed_at, now()),
                  raw_app_meta_data = jsonb_set(
                    coalesce(raw_app_meta_data, '{}'::jsonb) || jsonb_build_object('provider', coalesce(raw_app_meta_data->>'provider', \(account.provider)::text)),
                    '{providers}',
                    (SELECT coalesce(jsonb_agg(DISTINCT p), '[]'::jsonb) FROM (
                       SELECT jsonb_array_elements_text(coalesce(raw_app_meta_data->'providers', '[]'::jsonb)) AS p
                       UNION SELECT \(account.provider)::text) providers)),
                  updated_at = now()
                WHERE id = \(userId!)
                RETURNING \(unescaped: AuthRepository.userColumns)
                """).collect()
            return .user(try AuthRepository.decodeUser(rows[0]), created: created)
        }
    }

    /// Gives the flow its user and a PKCE auth code (stored as SHA-256), valid `lifetimeSeconds`.
    public func issueAuthCode(flowId: UUID, userId: UUID, code: String, lifetimeSeconds: Int) async throws {
        try await database.query("""
            UPDATE floworx.auth_flow_states SET user_id = \(userId), auth_code_sha256 = \(Self.hash(code)),
                   auth_code_expires_at = now() + make_interval(secs => \(lifetimeSeconds))
            WHERE id = \(flowId)
            """)
    }

    /// Uses a PKCE auth code up, whatever comes next: one attempt per code, so a wrong verifier cannot be retried.
    public func redeemAuthCode(_ code: String) async throws -> CodeRedemption {
        let rows = try await database.query("""
            UPDATE floworx.auth_flow_states SET auth_code_used_at = now()
            WHERE auth_code_sha256 = \(Self.hash(code)) AND auth_code_used_at IS NULL
            RETURNING user_id, code_challenge, code_challenge_method, auth_code_expires_at > now()
            """).collect()
        guard let row = rows.first else { return .notFound }
        let (userId, challenge, method, live) = try row.decode((UUID?, String?, String?, Bool).self)
        guard let userId, let challenge, let method else { return .notFound }
        return live ? .redeemed(userId: userId, challenge: challenge, method: method) : .expired
    }

    /// The providers and subjects of a user's identities, oldest first.
    public func identities(userId: UUID) async throws -> [(provider: String, providerId: String)] {
        try await database.query("""
            SELECT provider, provider_id FROM floworx.auth_identities WHERE user_id = \(userId) ORDER BY created_at, id
            """).collect().map { try $0.decode((String, String).self) }.map { (provider: $0.0, providerId: $0.1) }
    }

    static func hash(_ value: String) -> ByteBuffer {
        ByteBuffer(bytes: Array(SHA256.hash(data: Data(value.utf8))))
    }
}

extension AuthRepository {
    /// OAuth sign-in flows and identities, on the auth server's database.
    public var oauthSignIn: OAuthSignInRepository { OAuthSignInRepository(database: database) }
}
