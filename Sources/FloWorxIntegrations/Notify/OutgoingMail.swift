import FloWorxCore
import Foundation

/// A message FloWorx sends: an alert, a digest, a forward, an account mail. `MailComposer` turns it into RFC 5322
/// bytes; `SMTPClient.send(_:)` composes and sends it.
public struct OutgoingMail: Sendable, Hashable {
    /// The sender; nil uses the SMTP configuration's `from`.
    public var from: EmailAddress?
    public var to: [EmailAddress]
    public var cc: [EmailAddress]
    /// Envelope recipients only: never written in a header.
    public var bcc: [EmailAddress]
    public var replyTo: [EmailAddress]
    public var subject: String
    /// The plain-text body (always sent; the HTML, when given, is its alternative).
    public var text: String
    /// The HTML body, sent as `multipart/alternative` with the text.
    public var html: String?
    /// The `Message-ID` without angle brackets, stable for one notification (e.g. `notification-<uuid>@floworx`), so
    /// a resend after a crash carries the same id and a mail client shows it once.
    public var messageId: String
    public var date: Date
    /// Files and attached messages (`MailAttachment.message` for a forward).
    public var attachments: [MailAttachment]
    /// Further header fields, e.g. `X-FloWorx-Notification`, `In-Reply-To`, `References`. The structural ones
    /// (From, To, Subject, Date, Message-ID, MIME and Content-*, Auto-Submitted, X-Auto-Response-Suppress) are
    /// written by the composer and refused here.
    public var headers: [MailHeader]

    public init(
        from: EmailAddress? = nil, to: [EmailAddress], cc: [EmailAddress] = [], bcc: [EmailAddress] = [], replyTo: [EmailAddress] = [],
        subject: String, text: String, html: String? = nil, messageId: String, date: Date = Date(),
        attachments: [MailAttachment] = [], headers: [MailHeader] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.messageId = messageId
        self.date = date
        self.attachments = attachments
        self.headers = headers
    }

    /// Every address the message goes to (To, Cc, Bcc), each once, in that order.
    public var envelopeRecipients: [String] {
        var seen = Set<String>()
        return (to + cc + bcc).map(\.email).filter { seen.insert($0.lowercased()).inserted }
    }
}
