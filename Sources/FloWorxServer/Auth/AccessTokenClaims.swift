import FloWorxCore
import Foundation
import JWTKit

/// The claims of a Supabase-style access token (and of the anon and service API keys, which are JWTs too).
struct AccessTokenClaims: JWTPayload {
    var sub: SubjectClaim?
    var role: String
    var aud: AudienceClaim?
    var exp: ExpirationClaim?
    var nbf: NotBeforeClaim?
    var iat: IssuedAtClaim?
    var iss: IssuerClaim?
    var email: String?
    var phone: String?
    var sessionId: String?
    var isAnonymous: Bool?
    var aal: String?
    var appMetadata: JSONValue?
    var userMetadata: JSONValue?

    enum CodingKeys: String, CodingKey {
        case sub, role, aud, exp, nbf, iat, iss, email, phone, aal
        case sessionId = "session_id"
        case isAnonymous = "is_anonymous"
        case appMetadata = "app_metadata"
        case userMetadata = "user_metadata"
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {
        // API keys may carry no expiry; a token that has one must not be past it. `nbf` and `iat` are checked by
        // TokenService, with its clock leeway.
        try exp?.verifyNotExpired()
    }
}
