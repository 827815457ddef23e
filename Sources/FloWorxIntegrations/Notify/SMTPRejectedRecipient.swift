/// A recipient the server refused at `RCPT TO`, with its reply.
public struct SMTPRejectedRecipient: Sendable, Hashable, CustomStringConvertible {
    /// The address as sent in `RCPT TO`.
    public var address: String
    /// The reply code, e.g. 550 (mailbox unavailable) or 451 (try again later).
    public var code: Int
    /// The enhanced status code (RFC 3463), e.g. `5.1.1`, when the server sent one.
    public var enhancedStatus: String?
    /// The server's text.
    public var message: String

    public init(address: String, code: Int, enhancedStatus: String? = nil, message: String) {
        self.address = address
        self.code = code
        self.enhancedStatus = enhancedStatus
        self.message = message
    }

    /// 4xx: the same recipient may be accepted later; 5xx: it will not.
    public var isRetryable: Bool { (400..<500).contains(code) }

    public var description: String { "\(address): \(code) \(message)" }
}
