import FloWorxIntegrations
import Foundation
import JWTKit

/// Checks an OpenID Connect ID token from a sign-in provider's token endpoint: RS256 signature against the provider's
/// key set (fetched again once when a token names an unknown key), issuer, audience (our client id) and expiry; then
/// reads the account: `sub`, `email`, and whether the provider vouches for the email (`email_verified`; Microsoft's
/// `xms_edov`, as GoTrue requires for `azure`).
struct OAuthIDTokenVerifier: Sendable {
    let provider: OAuthSignInProvider
    let keys: JWKSSource
    let parsed: ParsedKeySet

    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var sub: SubjectClaim
        var email: String?
        var email_verified: Bool?
        var xms_edov: Bool?
        var tid: String?
        var name: String?
        var picture: String?

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    /// The account an ID token describes.
    struct Account {
        var subject: String
        var email: String?
        var emailVerified: Bool
        var issuer: String
        var name: String?
        var picture: String?
    }

    /// Why the token was refused (for the log and the redirect's description; it names no token material).
    struct Refusal: Error { var message: String }

    func verify(_ token: String) async throws(Refusal) -> Account {
        let claims: Claims
        do {
            claims = try await verified(token, stale: false)
        } catch {
            do { claims = try await verified(token, stale: true) } catch { throw Refusal(message: "the ID token does not verify: \(error)") }
        }
        guard provider.acceptsIssuer(claims.iss.value, claims.tid) else { throw Refusal(message: "the ID token's issuer is not \(provider.name)") }
        guard claims.aud.value.contains(provider.oauth.clientId) else { throw Refusal(message: "the ID token is for another client") }
        let verified = provider.name == "azure" ? claims.xms_edov == true : claims.email_verified == true
        return Account(subject: claims.sub.value, email: claims.email, emailVerified: verified, issuer: claims.iss.value,
                       name: claims.name, picture: claims.picture)
    }

    private func verified(_ token: String, stale: Bool) async throws -> Claims {
        try await parsed.collection(for: try await keys.keySet(stale: stale)).verify(token, as: Claims.self)
    }
}
