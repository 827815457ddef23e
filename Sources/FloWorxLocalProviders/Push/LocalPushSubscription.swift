import Foundation

/// A push subscription endpoint on the local push service, as a browser's push manager would create it.
public struct LocalPushSubscription: Sendable, Equatable {
    /// The endpoint's token (its last path segment).
    public var token: String
    /// The full endpoint URL, `http://127.0.0.1:<port>/push/<token>`.
    public var endpoint: String
    /// The application server key the subscription was made with (base64url), when one was given: requests signed
    /// with another VAPID key are refused with 403, as browsers' push services do.
    public var applicationServerKey: String?
    /// Whether the user agent unsubscribed: then every push answers 410 Gone.
    public var gone: Bool
}
