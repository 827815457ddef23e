/// What the push service answered to one push message (RFC 8030 §5, §8.3).
public enum WebPushResult: Sendable, Equatable {
    /// 201 Created: the push service holds the message; `location` is the push message resource it created.
    case accepted(location: String?)
    /// 404 or 410: the subscription is expired or unsubscribed. The caller deletes it and never sends to it again.
    case gone(status: Int)
    /// 429 or 5xx, or no answer at all (`status` nil): send again later, not before `retryAfterSeconds` when the
    /// service said so (`Retry-After`).
    case retry(status: Int?, retryAfterSeconds: Int?, reason: String)
    /// Any other 4xx (400 bad request, 401/403 VAPID refused, 413 payload too large, ...): permanent for this message;
    /// `reason` is the start of the service's answer.
    case rejected(status: Int, reason: String)

    /// Whether sending the same message again later can succeed.
    public var isRetryable: Bool {
        if case .retry = self { return true }
        return false
    }

    /// Whether the subscription must be deleted.
    public var isGone: Bool {
        if case .gone = self { return true }
        return false
    }
}
