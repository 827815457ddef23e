import FloWorxCore
import FloWorxStore
import Foundation
import HTTPTypes
import JWTKit

/// Signs and verifies HS256 tokens with `JWT_SECRET`, so tokens of a Supabase project with the same secret work too.
public struct TokenService: Sendable {
    /// The shortest secret accepted: HS256 needs 256 bits, and JWTKit traps on less.
    public static let minimumSecretLength = 32

    let cache: VerifiedTokenCache
    let keys: JWTKeyCollection
    /// Access token lifetime.
    public let accessTokenLifetime: Duration
    /// Refresh token lifetime.
    public let refreshTokenLifetime: Duration
    /// The `iss` of issued tokens.
    public let issuer: String
    /// How far in the future a token's `nbf` and `iat` may be (clocks of token issuers drift); 30 s by default
    /// (`FLOWORX_JWT_LEEWAY_SECONDS`). Beyond it the token is refused with 401, as GoTrue and PostgREST refuse it.
    public let clockLeeway: Duration
    /// The default `clockLeeway`.
    public static let defaultClockLeeway: Duration = .seconds(30)
    /// The anon API key (a JWT with `role: anon`).
    public let anonKey: String
    /// The service API key (a JWT with `role: service_role`); it bypasses RLS.
    public let serviceKey: String

    /// Why a secret cannot be used.
    public struct SecretError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Builds the service; `secret` must be at least 32 bytes.
    public static func make(
        secret: String,
        issuer: String = "floworx",
        accessTokenLifetime: Duration = .seconds(3600),
        refreshTokenLifetime: Duration = .seconds(30 * 24 * 3600),
        clockLeeway: Duration = TokenService.defaultClockLeeway
    ) async throws -> TokenService {
        guard secret.utf8.count >= minimumSecretLength else {
            throw SecretError(description: "JWT_SECRET must be at least \(minimumSecretLength) characters (HS256 needs a 256-bit key); generate one with: openssl rand -hex 32")
        }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        // API keys as Supabase makes them: long-lived, no subject.
        let issued = Date(timeIntervalSince1970: 1_700_000_000)
        let expires = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01
        let anon = AccessTokenClaims(role: "anon", exp: .init(value: expires), iat: .init(value: issued), iss: .init(value: issuer))
        let service = AccessTokenClaims(role: "service_role", exp: .init(value: expires), iat: .init(value: issued), iss: .init(value: issuer))
        return TokenService(
            cache: VerifiedTokenCache(),
            keys: keys, accessTokenLifetime: accessTokenLifetime, refreshTokenLifetime: refreshTokenLifetime, issuer: issuer,
            clockLeeway: clockLeeway,
            anonKey: try await keys.sign(anon), serviceKey: try await keys.sign(service)
        )
    }

    /// A verified token: who it is for and the claims to hand to PostgreSQL.
    public struct Verified: Sendable {
        public var identity: RequestIdentity
        public var email: String?
        public var sessionId: UUID?
        /// When the token stops being valid (`exp`), if it says.
        public var expiresAt: Date?
    }

    /// Verifies signature and expiry; the role must be one FloWorx knows. A token verified once is remembered until
    /// it expires (PostgREST keeps such a JWT cache too): clients send the same token for an hour.
    public func verify(_ token: String) async throws(AuthError) -> Verified {
        if let cached = cache.lookup(token) { return cached }
        let verified = try await verifyUncached(token)
        cache.store(token, verified)
        return verified
    }

    private func verifyUncached(_ token: String) async throws(AuthError) -> Verified {
        let claims: AccessTokenClaims
        do {
            claims = try await keys.verify(token, as: AccessTokenClaims.self)
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            throw AuthError.jwtExpired
        } catch {
            throw AuthError.jwtInvalid
        }
        // A token not valid yet, or issued in the future beyond the leeway, is not valid now: 401, PostgREST's
        // PGRST303 wording. (The cache keeps only tokens that passed, so these are checked on every use.)
        let latest = Date().addingTimeInterval(TimeInterval(clockLeeway.components.seconds))
        if let notBefore = claims.nbf?.value, notBefore > latest { throw AuthError.jwtNotYetValid }
        if let issuedAt = claims.iat?.value, issuedAt > latest { throw AuthError.jwtIssuedInFuture }
        guard let role = RequestIdentity.Role(rawValue: claims.role) else {
            throw AuthError(status: .unauthorized, code: "PGRST301", message: "JWT role \(claims.role) is not allowed", errorCode: "bad_jwt")
        }
        let userId = claims.sub.flatMap { UUID(uuidString: $0.value) }
        if role == .authenticated && userId == nil {
            throw AuthError(status: .unauthorized, code: "PGRST301", message: "JWT of role authenticated needs a uuid sub claim", errorCode: "bad_jwt")
        }
        // PostgreSQL gets the claims exactly as signed (the payload segment), as PostgREST does.
        let payload = token.split(separator: ".").dropFirst().first.flatMap { Base64URL.decode(String($0)) }
        let claimsJSON = payload.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Verified(
            identity: RequestIdentity(role: role, userId: userId, claimsJSON: claimsJSON),
            email: claims.email,
            sessionId: claims.sessionId.flatMap(UUID.init(uuidString:)),
            expiresAt: claims.exp?.value
        )
    }

    /// An access token for a user's session, with GoTrue's claims.
    public func accessToken(for user: AuthUser, sessionId: UUID, now instant: Date = Date()) async throws -> (token: String, expiresAt: Date) {
        // JWT times are whole seconds (GoTrue's are, and clients parse them as integers).
        let now = Date(timeIntervalSince1970: instant.timeIntervalSince1970.rounded(.down))
        let expiresAt = now.addingTimeInterval(TimeInterval(accessTokenLifetime.components.seconds))
        let decoder = JSONDecoder()
        let claims = AccessTokenClaims(
            sub: .init(value: user.id.uuidString.lowercased()), role: "authenticated", aud: .init(value: ["authenticated"]),
            exp: .init(value: expiresAt), iat: .init(value: now), iss: .init(value: issuer), email: user.email, phone: "",
            sessionId: sessionId.uuidString.lowercased(), isAnonymous: false, aal: "aal1",
            appMetadata: try? decoder.decode(JSONValue.self, from: Data(user.appMetadataJSON.utf8)),
            userMetadata: try? decoder.decode(JSONValue.self, from: Data(user.userMetadataJSON.utf8))
        )
        return (try await keys.sign(claims), expiresAt)
    }
}

/// Base64url without padding, as JWTs use it.
enum Base64URL {
    static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        return Data(base64Encoded: base64)
    }
}
