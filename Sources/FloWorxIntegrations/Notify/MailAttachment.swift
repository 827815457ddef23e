/// A file or an attached message of an `OutgoingMail`.
public struct MailAttachment: Sendable, Hashable {
    /// The file name shown to the reader; nil for none.
    public var filename: String?
    /// `type/subtype`, e.g. `application/pdf` or `message/rfc822`.
    public var contentType: String
    public var data: [UInt8]

    public init(filename: String?, contentType: String, data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }

    /// The original message attached as `message/rfc822` (the forward action): a mail client shows it as a message
    /// with its own headers, attachments and reply button.
    public static func message(_ raw: [UInt8], filename: String? = "original.eml") -> MailAttachment {
        MailAttachment(filename: filename, contentType: "message/rfc822", data: raw)
    }

    /// Whether this is an attached message.
    public var isMessage: Bool { contentType.lowercased() == "message/rfc822" }
}
