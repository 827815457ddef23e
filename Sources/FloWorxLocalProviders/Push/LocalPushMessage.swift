import Foundation

/// One push message the local push service accepted: the encrypted body exactly as received and the headers that
/// matter to a push service. It cannot be decrypted here (only the subscriber holds the keys), which is the point.
public struct LocalPushMessage: Sendable, Codable, Equatable {
    /// The message's id (the last segment of its `Location`).
    public var id: String
    /// The subscription's token (the last segment of its endpoint).
    public var token: String
    /// The `aes128gcm` body as sent.
    public var body: Data
    /// `TTL` in seconds.
    public var ttl: Int
    /// `Urgency`, `normal` when absent (RFC 8030 §5.3).
    public var urgency: String
    /// `Topic`, when given.
    public var topic: String?
    /// `Content-Encoding`.
    public var contentEncoding: String
    /// The whole `Authorization` header (`vapid t=..., k=...`), already verified.
    public var authorization: String
    /// The VAPID public key (`k=`), base64url.
    public var vapidPublicKey: String
    /// The token's `sub` claim.
    public var vapidSubject: String
    /// When it arrived.
    public var receivedAt: Date
}
