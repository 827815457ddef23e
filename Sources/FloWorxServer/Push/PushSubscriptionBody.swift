import Crypto
import Foundation
import HTTPTypes

/// The body of `POST /api/v1/push/subscriptions`: the browser's `PushSubscription.toJSON()`,
/// `{"endpoint", "expirationTime", "keys": {"p256dh", "auth"}}`, validated field by field.
struct PushSubscriptionBody: Sendable, Equatable {
    var endpoint: String
    var p256dh: String
    var auth: String

    /// The longest endpoint accepted (push services' URLs are well under 1 KB).
    static let maximumEndpointLength = 2048

    /// Parses and validates; every refusal is a 400 with a stable code naming the field.
    static func parse(_ data: Data, allowInsecure: Bool) throws(APIError) -> PushSubscriptionBody {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw APIError(.badRequest, "invalid_json", "the body must be a JSON object: PushSubscription.toJSON(), {\"endpoint\", \"keys\": {\"p256dh\", \"auth\"}}")
        }
        guard let endpoint = object["endpoint"] as? String else {
            throw APIError(.badRequest, "invalid_endpoint", "endpoint (a string) is required")
        }
        try validate(endpoint: endpoint, allowInsecure: allowInsecure)
        guard let keys = object["keys"] as? [String: Any] else {
            throw APIError(.badRequest, "invalid_keys", "keys (an object with p256dh and auth) is required")
        }
        guard let p256dh = keys["p256dh"] as? String, let key = base64URL(p256dh), key.count == 65, key.first == 0x04,
              (try? P256.KeyAgreement.PublicKey(x963Representation: key)) != nil else {
            throw APIError(.badRequest, "invalid_p256dh", "keys.p256dh must be the base64url of an uncompressed P-256 public key (65 bytes)")
        }
        guard let auth = keys["auth"] as? String, let secret = base64URL(auth), secret.count == 16 else {
            throw APIError(.badRequest, "invalid_auth", "keys.auth must be the base64url of the 16-byte authentication secret")
        }
        // Stored as the browser's canonical base64url (no padding), so the database checks hold.
        return PushSubscriptionBody(endpoint: endpoint, p256dh: encode(key), auth: encode(secret))
    }

    /// An endpoint must be an https URL of a push service. Plain http is accepted only for loopback hosts and only when
    /// the setting allows it; https to a loopback, private or link-local address is refused too, because FloWorx's
    /// server would POST to it (a subscription must not turn the sender into a probe of its own network).
    static func validate(endpoint: String, allowInsecure: Bool) throws(APIError) {
        guard endpoint.count <= maximumEndpointLength else {
            throw APIError(.badRequest, "invalid_endpoint", "endpoint must be at most \(maximumEndpointLength) characters")
        }
        guard let components = URLComponents(string: endpoint), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty, components.user == nil, components.password == nil else {
            throw APIError(.badRequest, "invalid_endpoint", "endpoint must be an absolute URL")
        }
        let loopback = isLoopback(host)
        switch scheme {
        case "https":
            if isInternal(host) && !(allowInsecure && loopback) {
                throw APIError(.badRequest, "invalid_endpoint", "endpoint must be a public push service, not a loopback or private address")
            }
        case "http":
            guard allowInsecure && loopback else {
                throw APIError(.badRequest, "insecure_endpoint", "endpoint must use https")
            }
        default:
            throw APIError(.badRequest, "insecure_endpoint", "endpoint must use https")
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Loopback, private (RFC 1918, fc00::/7), link-local and unspecified addresses, and names that are not public.
    static func isInternal(_ host: String) -> Bool {
        if isLoopback(host) { return true }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare.contains(":") {
            return bare == "::" || bare.hasPrefix("fc") || bare.hasPrefix("fd") || bare.hasPrefix("fe80") || bare.hasPrefix("::ffff:")
        }
        let octets = bare.split(separator: ".").compactMap { Int($0) }
        if octets.count == 4 && bare.split(separator: ".").count == 4 {
            switch (octets[0], octets[1]) {
            case (0, _), (10, _), (127, _), (169, 254), (192, 168): return true
            case (172, 16...31), (100, 64...127): return true
            default: return false
            }
        }
        return !bare.contains(".") || bare.hasSuffix(".local") || bare.hasSuffix(".internal")
    }

    static func base64URL(_ text: String) -> Data? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "=") }) else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.hasSuffix("=") { standard.removeLast() }
        guard standard.count % 4 != 1 else { return nil }
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard)
    }

    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
