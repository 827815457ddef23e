import Crypto
import CryptoExtras
import Foundation

/// Signs the OIDC tokens that Pub/Sub puts in `Authorization: Bearer` on push requests, as Google documents for
/// authenticated push subscriptions: an RS256 JWT with `iss` `https://accounts.google.com`, `aud` (the configured
/// audience, else the push endpoint URL), `email` (the service account), `email_verified` true, `sub`, `azp`,
/// `iat` and `exp` (one hour). The key is generated at start; its public half is served as a JWKS
/// (`/oauth2/v3/certs`), so a receiver verifies exactly as it would against Google's.
public final class PubSubPushSigner: Sendable {
    /// The issuer Google puts in push tokens.
    public static let issuer = "https://accounts.google.com"

    private let key: _RSA.Signing.PrivateKey
    /// The key id (`kid`) in the JWT header and in the JWKS.
    public let keyID: String

    /// Generates a fresh 2048-bit RSA key.
    public init() throws {
        self.key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        self.keyID = Self.base64URL(Data(SHA256.hash(data: Data(key.publicKey.derRepresentation)).prefix(20)))
    }

    /// The JWKS document (`{"keys":[{kty,alg,use,kid,n,e}]}`) with the public key.
    public func jwksJSON() throws -> Data {
        let primitives = try key.publicKey.getKeyPrimitives()
        let jwk: [String: String] = [
            "kty": "RSA", "alg": "RS256", "use": "sig", "kid": keyID,
            "n": Self.base64URL(primitives.modulus), "e": Self.base64URL(primitives.publicExponent),
        ]
        return try JSONSerialization.data(withJSONObject: ["keys": [jwk]], options: [.sortedKeys])
    }

    /// A signed push token for `audience` and the service account `serviceAccountEmail`, issued at `now`.
    public func sign(audience: String, serviceAccountEmail: String, now: Date = Date(), lifetime: TimeInterval = 3600)
        throws -> String
    {
        let issuedAt = Int(now.timeIntervalSince1970)
        // A stable numeric subject per service account, like Google's unique id.
        let subject = Self.numericID(serviceAccountEmail)
        let claims: [String: Any] = [
            "aud": audience, "azp": subject, "email": serviceAccountEmail, "email_verified": true,
            "exp": issuedAt + Int(lifetime), "iat": issuedAt, "iss": Self.issuer, "sub": subject,
        ]
        return try sign(claims: claims)
    }

    /// Any RS256 JWT with `claims`, signed with this key (the local providers' OpenID Connect ID tokens).
    public func sign(claims: [String: Any]) throws -> String {
        let header: [String: String] = ["alg": "RS256", "kid": keyID, "typ": "JWT"]
        let headerPart = Self.base64URL(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        let claimsPart = Self.base64URL(try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]))
        let signingInput = "\(headerPart).\(claimsPart)"
        let signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return "\(signingInput).\(Self.base64URL(signature.rawRepresentation))"
    }

    /// A stable numeric id for `text` (an account's `sub`, as Google's are numeric).
    public static func numericID(_ text: String) -> String {
        let digest = SHA256.hash(data: Data(text.utf8))
        return "1" + digest.prefix(10).map { String($0 % 10) }.joined()
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
