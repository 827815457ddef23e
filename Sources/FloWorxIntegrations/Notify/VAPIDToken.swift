import Crypto
import Foundation

/// The VAPID authorization of one push request (RFC 8292 §2-3): an ES256 JWT whose audience is the push service's
/// origin, signed with the application server's key, sent as `Authorization: vapid t=<jwt>, k=<public key>`.
public enum VAPIDToken {
    /// The longest lifetime RFC 8292 §2 allows a token.
    public static let maximumLifetime: TimeInterval = 24 * 60 * 60

    /// The signed JWT for `audience` (an origin, `https://push.example.net`), expiring `lifetime` seconds after `now`.
    public static func jwt(keys: VAPIDKeys, audience: String, subject: String, lifetime: TimeInterval = 12 * 60 * 60,
                           now: Date = Date()) throws(WebPushError) -> String {
        guard lifetime > 0, lifetime <= maximumLifetime else {
            throw .invalidVAPID("the token lifetime must be more than 0 and at most 24 hours")
        }
        try validate(subject: subject)
        let header = #"{"typ":"JWT","alg":"ES256"}"#
        let claims: [String: Any] = ["aud": audience, "exp": Int(now.timeIntervalSince1970 + lifetime), "sub": subject]
        guard let claimData = try? JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            throw .invalidVAPID("the claims could not be encoded")
        }
        let signingInput = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(claimData)
        let signature: P256.Signing.ECDSASignature
        do {
            signature = try keys.privateKey.signature(for: Data(signingInput.utf8))
        } catch {
            throw .invalidVAPID("signing failed")
        }
        // JWS ES256 signatures are r || s (64 bytes), not DER.
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// The `Authorization` header value: `vapid t=<jwt>, k=<base64url public key>`.
    public static func authorization(keys: VAPIDKeys, audience: String, subject: String, lifetime: TimeInterval = 12 * 60 * 60,
                                     now: Date = Date()) throws(WebPushError) -> String {
        let token = try jwt(keys: keys, audience: audience, subject: subject, lifetime: lifetime, now: now)
        return "vapid t=\(token), k=\(keys.publicKeyBase64URL)"
    }

    /// The `sub` claim must be a `mailto:` or `https:` URI the push service can contact (RFC 8292 §2.1).
    public static func validate(subject: String) throws(WebPushError) {
        let lower = subject.lowercased()
        guard (lower.hasPrefix("mailto:") && subject.count > 7) || (lower.hasPrefix("https://") && subject.count > 8) else {
            throw .invalidVAPID("the subject must be a mailto: or https: URI, e.g. mailto:ops@example.com")
        }
    }
}
