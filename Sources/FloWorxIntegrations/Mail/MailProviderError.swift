import Foundation

/// Why a call to Gmail, Microsoft Graph or an OAuth 2.0 token endpoint failed.
///
/// The kind is what callers branch on: refresh the token and retry once (`unauthorized`), stop and tell the owner
/// (`invalidGrant`), resynchronise from scratch (`gone`), wait (`rateLimited`, with `retryAfter` when the provider
/// said how long), retry later (`isRetryable`), or give up on this item (`notFound`, `badRequest`, ...).
///
/// The description names the provider, the operation, the HTTP status and the provider's own error code and message;
/// it never holds a token, a client secret, a code or an `Authorization` header: messages are built from the
/// response body only, trimmed, and scrubbed of every secret the request carried.
public struct MailProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a caller must react to it.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The access token was rejected (HTTP 401): refresh it, then retry once.
        case unauthorized
        /// The refresh token or authorization code is no longer valid (`invalid_grant`, withdrawn consent): the owner
        /// must reconnect; retrying does not help.
        case invalidGrant
        /// The token lacks a permission (HTTP 403 other than rate limits).
        case forbidden
        /// The message, label, draft, folder or subscription does not exist (HTTP 404).
        case notFound
        /// The sync checkpoint expired: Gmail `history.list` answered 404, or Graph answered 410 /
        /// `syncStateNotFound` / `resyncRequired`. Resynchronise, then continue from the new checkpoint.
        case gone
        /// Throttled (HTTP 429, or Gmail's 403 `rateLimitExceeded` / `userRateLimitExceeded`).
        case rateLimited
        /// The item already exists (HTTP 409, e.g. Gmail label name taken, Graph `ErrorFolderExists`).
        case conflict
        /// The provider refused the request as malformed (other 4xx).
        case badRequest
        /// The provider failed (5xx).
        case server
        /// No HTTP answer: connection refused or reset, DNS failure, timeout.
        case transport
        /// The response body exceeded the configured maximum.
        case tooLarge
        /// A 2xx answer whose body is not what the provider documents.
        case invalidResponse
    }

    /// Who answered.
    public enum Provider: String, Sendable, Hashable, Codable {
        case gmail, graph, googleOAuth = "google-oauth", microsoftOAuth = "microsoft-oauth", n8n, webhook
    }

    /// What the caller must do about it.
    public var kind: Kind
    /// Who answered (or would have).
    public var provider: Provider
    /// The call that failed, e.g. `history.list`, `messages.delta`, `token.refresh`.
    public var operation: String
    /// The HTTP status, when there was an answer.
    public var status: Int?
    /// The provider's error code: Google's `reason` (`rateLimitExceeded`) or OAuth `error` (`invalid_grant`), Graph's
    /// `error.code` (`ErrorItemNotFound`, `TooManyRequests`, `syncStateNotFound`).
    public var code: String?
    /// The provider's message, trimmed to 300 characters, secrets removed.
    public var message: String
    /// How long the provider asked to wait (`Retry-After`, or the time in Gmail's "Retry after ..." message).
    public var retryAfter: Duration?

    public init(kind: Kind, provider: Provider, operation: String, status: Int? = nil, code: String? = nil, message: String,
                retryAfter: Duration? = nil) {
        self.kind = kind
        self.provider = provider
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// Whether the same call may succeed later without the owner doing anything: throttling, provider failures,
    /// network failures and malformed answers. `unauthorized` is not: the caller refreshes the token first.
    public var isRetryable: Bool {
        switch kind {
        case .rateLimited, .server, .transport, .invalidResponse: true
        case .unauthorized, .invalidGrant, .forbidden, .notFound, .gone, .conflict, .badRequest, .tooLarge: false
        }
    }

    public var description: String {
        var text = "\(provider.rawValue) \(operation) failed: \(kind.rawValue)"
        if let status { text += " (HTTP \(status)" + (code.map { ", \($0)" } ?? "") + ")" } else if let code { text += " (\(code))" }
        if !message.isEmpty { text += ": \(message)" }
        if let retryAfter { text += "; retry after \(retryAfter.components.seconds)s" }
        return text
    }
}

extension MailProviderError {
    /// The longest wait a `Retry-After` may ask for; longer values are clamped so a bad header cannot park a mailbox
    /// for weeks (Gmail's daily quota resets within a day).
    public static let maxRetryAfter: Duration = .seconds(86_400)

    /// Parses a `Retry-After` value: delay-seconds (`120`) or an HTTP-date in any of the three forms RFC 9110 §5.6.7
    /// requires recipients to accept (`Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`,
    /// `Sun Nov  6 08:49:37 1994`). A date in the past means "now" (zero). Nil for anything else.
    public static func parseRetryAfter(_ value: String, now: Date = Date()) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        if text.allSatisfy(\.isASCIIDigit) {
            // A huge number of digits would overflow Int; anything above the cap is the cap.
            guard text.count <= 9, let seconds = Int64(text) else { return maxRetryAfter }
            return min(.seconds(seconds), maxRetryAfter)
        }
        guard let date = httpDate(text) ?? iso8601Date(text) else { return nil }
        return delay(until: date, now: now)
    }

    /// Gmail's 429 and 403 rate-limit messages carry the time instead of a header:
    /// `User-rate limit exceeded.  Retry after 2026-12-06T08:00:00.000Z`.
    static func retryAfterInGoogleMessage(_ message: String, now: Date) -> Duration? {
        guard let range = message.range(of: "Retry after ", options: .caseInsensitive) else { return nil }
        let stamp = message[range.upperBound...].prefix { !$0.isWhitespace }
        guard let date = iso8601Date(String(stamp)) else { return nil }
        return delay(until: date, now: now)
    }

    private static func delay(until date: Date, now: Date) -> Duration {
        let seconds = date.timeIntervalSince(now)
        guard seconds > 0 else { return .zero }
        return min(.milliseconds(Int64((seconds * 1000).rounded(.up))), maxRetryAfter)
    }

    private static func httpDate(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            // asctime pads single-digit days with a space: "Nov  6".
            let input = format.hasPrefix("EEE MMM") ? text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") : text
            if let date = formatter.date(from: input) { return date }
        }
        return nil
    }

    static func iso8601Date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// Removes every secret from a provider message and trims it: the message comes from the response body, which
    /// should never echo a token, but an error that reaches a log must not depend on that.
    static func sanitize(_ message: String, secrets: [String]) -> String {
        var text = message
        for secret in secrets where secret.count >= 4 {
            text = text.replacingOccurrences(of: secret, with: "[redacted]")
        }
        text = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        text = text.trimmingCharacters(in: .whitespaces)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
