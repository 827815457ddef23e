/// What the server said about one message it accepted.
public struct SMTPSendResult: Sendable, Hashable {
    /// The message's `Message-ID` without angle brackets, when it was composed by FloWorx (or nil for raw bytes).
    public var messageId: String?
    /// Recipients the server accepted (the message went to them).
    public var accepted: [String]
    /// Recipients the server refused while others were accepted: report them per recipient, the rest was sent.
    public var rejected: [SMTPRejectedRecipient]
    /// The server's answer to the end of data, e.g. `250 2.0.0 Ok: queued as 4F2A1`.
    public var reply: String

    public init(messageId: String?, accepted: [String], rejected: [SMTPRejectedRecipient], reply: String) {
        self.messageId = messageId
        self.accepted = accepted
        self.rejected = rejected
        self.reply = reply
    }
}
