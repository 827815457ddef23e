/// Why a message was not sent. Every error says whether trying again later can help (`isRetryable`), so the
/// delivery worker retries transient failures with backoff and dead-letters permanent ones. Errors carry the
/// server's reply code and text, never a password or an AUTH exchange.
public struct SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable, Hashable {
        /// The settings cannot work (e.g. a CA file that cannot be read): permanent.
        case configuration
        /// The message cannot be sent as it is (no recipient, an invalid address): permanent.
        case invalidMessage
        /// The connection could not be made or was lost: retryable.
        case connection
        /// A step (connect, a command, the end of data) took longer than its timeout: retryable.
        case timeout
        /// TLS could not be set up (no STARTTLS offered when required, an untrusted certificate): permanent.
        case tls
        /// The server refused the credentials (535) or asked for authentication (530): permanent; 454 is retryable.
        case authentication
        /// Every recipient was refused; see `rejectedRecipients`.
        case recipientsRejected
        /// The server refused a step with a reply code (4xx retryable, 5xx permanent).
        case rejected
        /// The server broke the protocol (a reply that is no SMTP reply): retryable, it may be a passing fault.
        case protocolViolation
    }

    public var kind: Kind
    /// The SMTP reply code that caused it, when a reply did.
    public var code: Int?
    /// The enhanced status code (RFC 3463), e.g. `5.7.8`, when the server sent one.
    public var enhancedStatus: String?
    /// The step that failed: `connect`, `greeting`, `EHLO`, `STARTTLS`, `AUTH`, `MAIL FROM`, `RCPT TO`, `DATA`,
    /// `end of data`.
    public var step: String
    /// What happened, in words (the server's text included); never a secret.
    public var message: String
    /// The refused recipients when `kind` is `recipientsRejected`.
    public var rejectedRecipients: [SMTPRejectedRecipient]
    /// Whether the same message may succeed later: 4xx replies, lost connections and timeouts; not 5xx replies,
    /// refused credentials, TLS or configuration failures.
    public var isRetryable: Bool

    public init(
        _ kind: Kind, step: String, message: String, code: Int? = nil, enhancedStatus: String? = nil,
        rejectedRecipients: [SMTPRejectedRecipient] = [], isRetryable: Bool
    ) {
        self.kind = kind
        self.step = step
        self.message = message
        self.code = code
        self.enhancedStatus = enhancedStatus
        self.rejectedRecipients = rejectedRecipients
        self.isRetryable = isRetryable
    }

    /// The server answered a step with a failure reply: 4xx is retryable, 5xx permanent.
    public static func reply(_ reply: SMTPReply, step: String, kind: Kind = .rejected) -> SMTPError {
        SMTPError(
            kind, step: step, message: "the server answered \(step) with \(reply.code) \(String(reply.text.prefix(500)))",
            code: reply.code, enhancedStatus: reply.enhancedStatus, isRetryable: reply.isTransient)
    }

    /// `SMTP connection failed at connect: ... (retryable)`.
    public var description: String {
        "SMTP \(kind.rawValue) at \(step): \(message)\(isRetryable ? " (retryable)" : " (permanent)")"
    }
}
