import FloWorxIntegrations
import Foundation
import JWTKit

/// Checks the `Authorization: Bearer` OIDC token of a Pub/Sub push: RS256 signature against Google's key set,
/// issuer, audience, expiry, and the push subscription's service account with a verified email.
struct GooglePushVerifier: Sendable {
    let configuration: GmailPushConfiguration
    let keys: JWKSSource
    let parsed = ParsedKeySet()

    init(configuration: GmailPushConfiguration) {
        self.configuration = configuration
        self.keys = JWKSSource(url: configuration.jwksURL)
    }

    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var email: String?
        var email_verified: Bool?

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    /// Why a push was refused (the message goes into the 401's body; it names no key material).
    struct Refusal: Error { var message: String }

    func verify(authorization: String?) async throws(Refusal) {
        guard let audience = configuration.audience else { throw Refusal(message: "Gmail push is not configured (no audience)") }
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else { throw Refusal(message: "a Bearer token is required") }
        let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        let claims: Claims
        do {
            claims = try await verified(token, stale: false)
        } catch {
            do { claims = try await verified(token, stale: true) } catch { throw Refusal(message: "the push token does not verify") }
        }
        guard configuration.issuers.contains(claims.iss.value) else { throw Refusal(message: "the push token's issuer is not Google") }
        guard claims.aud.value.contains(audience) else { throw Refusal(message: "the push token is for another audience") }
        if let account = configuration.serviceAccountEmail {
            guard claims.email?.lowercased() == account.lowercased(), claims.email_verified == true else {
                throw Refusal(message: "the push token is not from the configured service account")
            }
        }
    }

    private func verified(_ token: String, stale: Bool) async throws -> Claims {
        try await parsed.collection(for: try await keys.keySet(stale: stale)).verify(token, as: Claims.self)
    }
}

/// The parsed form of the last key set, so a push does not parse RSA keys again.
actor ParsedKeySet {
    private var last: (json: String, keys: JWTKeyCollection)?

    func collection(for json: String) async throws -> JWTKeyCollection {
        if let last, last.json == json { return last.keys }
        let keys = try await JWTKeyCollection().add(jwksJSON: json)
        last = (json, keys)
        return keys
    }
}
