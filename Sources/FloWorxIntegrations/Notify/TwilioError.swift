/// Why a Twilio call failed, and whether sending again later can succeed. Built from Twilio's error body
/// (`{"code", "message", "more_info", "status"}`); never holds a credential.
public struct TwilioError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Twilio refused the request (a 4xx other than 401, 403 and 429): invalid or unsubscribed recipient, region
        /// not enabled, sender not owned... Sending the same message again fails the same way.
        case rejected
        /// The credentials were refused (401 or 403, code 20003): a configuration problem, not the message's.
        case unauthorized
        /// Too many requests (429, code 20429) or a full sender queue: retry after `retryAfter` or a back-off.
        case rateLimited
        /// Twilio answered 5xx: retry later.
        case unavailable
        /// No answer: connection refused or reset, TLS failure, timeout. Retry later (the message may have gone).
        case transport
        /// A 2xx whose body is not a message resource. Not retried: Twilio may have accepted the message.
        case invalidResponse
    }

    public var kind: Kind
    /// The HTTP status, when Twilio answered.
    public var status: Int?
    /// Twilio's error code (21211 invalid To, 21610 unsubscribed recipient, 21408 region not enabled, 20003
    /// authentication...), when the body had one.
    public var code: Int?
    /// Twilio's message, or what went wrong on the way.
    public var message: String
    /// Twilio's documentation link for the code.
    public var moreInfo: String?
    /// How long Twilio asked to wait (`Retry-After`), when it said.
    public var retryAfter: Duration?

    public init(kind: Kind, status: Int? = nil, code: Int? = nil, message: String, moreInfo: String? = nil, retryAfter: Duration? = nil) {
        self.kind = kind
        self.status = status
        self.code = code
        self.message = message
        self.moreInfo = moreInfo
        self.retryAfter = retryAfter
    }

    /// Whether the same request can succeed later (rate limits, Twilio outages, network failures).
    public var isRetryable: Bool {
        switch kind {
        case .rateLimited, .unavailable, .transport: true
        case .rejected, .unauthorized, .invalidResponse: false
        }
    }

    /// Whether sending again is pointless until something changes (the recipient, the message or the configuration).
    public var isPermanent: Bool { !isRetryable }

    /// Whether the recipient is the problem (invalid, unsubscribed, landline, unreachable region): worth recording
    /// on the manager's profile rather than retrying.
    public var isRecipientProblem: Bool {
        guard let code else { return false }
        return Self.recipientCodes.contains(code)
    }

    /// Codes that mean the `To` number cannot receive this message.
    public static let recipientCodes: Set<Int> = [21211, 21214, 21217, 21408, 21610, 21612, 21614, 30003, 30004, 30005, 30006, 30007]

    /// Codes Twilio answers with a 4xx that are transient: 20429 too many requests, 21611 the sender's queue is
    /// full, 30001 queue overflow.
    public static let retryableCodes: Set<Int> = [20429, 21611, 30001]

    /// The error for a non-2xx answer.
    public static func classify(status: Int, code: Int?, message: String, moreInfo: String?, retryAfter: Duration?) -> TwilioError {
        let kind: Kind
        if status == 429 || code.map(retryableCodes.contains) == true {
            kind = .rateLimited
        } else if status >= 500 {
            kind = .unavailable
        } else if status == 401 || status == 403 || code == 20003 {
            kind = .unauthorized
        } else {
            kind = .rejected
        }
        return TwilioError(kind: kind, status: status, code: code, message: message, moreInfo: moreInfo, retryAfter: retryAfter)
    }

    public var description: String {
        var text = "twilio \(kind.rawValue)"
        if let status { text += " (HTTP \(status)" + (code.map { ", code \($0)" } ?? "") + ")" }
        return text + ": " + message
    }
}
