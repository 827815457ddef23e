import Foundation

/// Where and for whom a push message is encrypted: a browser's `PushSubscription` (its endpoint on the push service,
/// the user agent's P-256 public key `p256dh` and the 16-byte authentication secret `auth`, RFC 8291 §2).
public struct WebPushSubscription: Sendable, Hashable {
    /// The push resource URL the message is POSTed to (RFC 8030 §5).
    public var endpoint: String
    /// The user agent's public key, an uncompressed P-256 point (65 bytes, starting with 0x04).
    public var p256dh: Data
    /// The authentication secret (16 bytes).
    public var auth: Data

    /// A subscription from raw keys; `WebPushError.invalidSubscription` when their lengths are wrong.
    public init(endpoint: String, p256dh: Data, auth: Data) throws(WebPushError) {
        guard p256dh.count == 65, p256dh.first == 0x04 else {
            throw .invalidSubscription("p256dh must be an uncompressed P-256 point of 65 bytes")
        }
        guard auth.count == 16 else { throw .invalidSubscription("auth must be 16 bytes") }
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              url.host != nil else {
            throw .invalidSubscription("the endpoint must be an absolute http(s) URL")
        }
        self.endpoint = endpoint
        self.p256dh = p256dh
        self.auth = auth
    }

    /// A subscription from the base64url keys of `PushSubscription.toJSON()`.
    public init(endpoint: String, p256dhBase64URL: String, authBase64URL: String) throws(WebPushError) {
        guard let key = Base64URL.decode(p256dhBase64URL) else { throw .invalidSubscription("p256dh is not base64url") }
        guard let secret = Base64URL.decode(authBase64URL) else { throw .invalidSubscription("auth is not base64url") }
        try self.init(endpoint: endpoint, p256dh: key, auth: secret)
    }

    /// The endpoint's origin (`scheme://host[:port]`), the VAPID token's audience (RFC 8292 §2).
    public var origin: String? { Self.origin(of: endpoint) }

    /// The origin of an absolute URL, with the port only when it is not the scheme's default.
    public static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty else { return nil }
        let defaultPort = scheme == "https" ? 443 : scheme == "http" ? 80 : nil
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        if let port = components.port, port != defaultPort { return "\(scheme)://\(hostPart):\(port)" }
        return "\(scheme)://\(hostPart)"
    }
}
