/// Why a push message could not even be sent: every case is permanent for that message (retrying it unchanged fails
/// the same way). What the push service answers is a `WebPushResult`, not an error.
public enum WebPushError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The subscription's endpoint or keys are not usable.
    case invalidSubscription(String)
    /// The plaintext is larger than one `aes128gcm` record of a 4096-byte push message can hold.
    case payloadTooLarge(size: Int, limit: Int)
    /// TTL, topic or another header value is not acceptable.
    case invalidHeader(String)
    /// The VAPID key or subject is not usable.
    case invalidVAPID(String)
    /// The message could not be encrypted (a key agreement or cipher failure).
    case encryptionFailed(String)

    /// Always `false`: the same message fails the same way.
    public var isRetryable: Bool { false }

    /// A readable description; never contains a key.
    public var description: String {
        switch self {
        case .invalidSubscription(let why): "invalid push subscription: \(why)"
        case .payloadTooLarge(let size, let limit): "push payload of \(size) bytes is larger than \(limit) bytes"
        case .invalidHeader(let why): "invalid push header: \(why)"
        case .invalidVAPID(let why): "invalid VAPID configuration: \(why)"
        case .encryptionFailed(let why): "push encryption failed: \(why)"
        }
    }
}
