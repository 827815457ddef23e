import FloWorxCore
import FloWorxStore

/// Sends rendered notifications on one channel (SMTP, Twilio, web push). Adapters over the clients in
/// FloWorxIntegrations; the delivery handler decides retries from the failure they throw.
public protocol NotificationTransport: Sendable {
    /// Sends `notification`; returns the provider's id for it (Message-ID, message SID, push Location), if any.
    /// Throws `NotificationTransportFailure`; any other error counts as retryable.
    func send(_ notification: StoredNotification, content: AlertContent) async throws -> String?
}

/// Why a send failed, and whether trying again can help.
public struct NotificationTransportFailure: Error, Sendable, CustomStringConvertible {
    /// Transient (a 4xx SMTP reply, 429, 5xx, a timeout): retried with backoff. Permanent: the row is failed now.
    public var retryable: Bool
    public var message: String
    /// The provider's Retry-After, when it gave one.
    public var retryAfter: Duration?
    /// A configuration outcome rather than an error (no subscription to push to): the row is skipped, no error row.
    public var skip: Bool

    public init(retryable: Bool, message: String, retryAfter: Duration? = nil, skip: Bool = false) {
        self.retryable = retryable
        self.message = message
        self.retryAfter = retryAfter
        self.skip = skip
    }

    public var description: String { message }
}

/// The transports of each channel; a channel without one is not configured (its notifications are skipped, saying so).
public struct NotificationTransports: Sendable {
    public var email: (any NotificationTransport)?
    public var sms: (any NotificationTransport)?
    public var push: (any NotificationTransport)?

    public init(email: (any NotificationTransport)? = nil, sms: (any NotificationTransport)? = nil, push: (any NotificationTransport)? = nil) {
        self.email = email
        self.sms = sms
        self.push = push
    }

    /// The transport of `channel`.
    public subscript(channel: NotificationChannel) -> (any NotificationTransport)? {
        switch channel {
        case .email: email
        case .sms: sms
        case .push: push
        }
    }
}
