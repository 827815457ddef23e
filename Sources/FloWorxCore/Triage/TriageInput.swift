import Foundation

/// One message as the triage features read it (the `msg` dict of Training/features.py).
public struct TriageInput: Sendable, Hashable {
    /// An attachment's name and content type; only these two decide the `attach_*` features.
    public struct Attachment: Sendable, Hashable {
        public var filename: String
        public var contentType: String
        public init(filename: String, contentType: String) {
            self.filename = filename
            self.contentType = contentType
        }
    }

    public var fromEmail: String
    public var fromName: String
    public var replyToEmail: String?
    public var subject: String
    /// The text/plain body; empty when the message has none.
    public var text: String
    /// The text/html body, raw markup.
    public var html: String?
    public var autoSubmitted: String?
    public var listUnsubscribe: String?
    public var listId: String?
    public var precedence: String?
    public var xAutoreply: String?
    public var xAutoResponseSuppress: String?
    public var inReplyTo: String?
    public var attachments: [Attachment]

    public init(
        fromEmail: String, fromName: String = "", replyToEmail: String? = nil, subject: String, text: String, html: String? = nil,
        autoSubmitted: String? = nil, listUnsubscribe: String? = nil, listId: String? = nil, precedence: String? = nil,
        xAutoreply: String? = nil, xAutoResponseSuppress: String? = nil, inReplyTo: String? = nil, attachments: [Attachment] = []
    ) {
        self.fromEmail = fromEmail
        self.fromName = fromName
        self.replyToEmail = replyToEmail
        self.subject = subject
        self.text = text
        self.html = html
        self.autoSubmitted = autoSubmitted
        self.listUnsubscribe = listUnsubscribe
        self.listId = listId
        self.precedence = precedence
        self.xAutoreply = xAutoreply
        self.xAutoResponseSuppress = xAutoResponseSuppress
        self.inReplyTo = inReplyTo
        self.attachments = attachments
    }

    /// The triage view of a normalized message.
    ///
    /// FloWorx's MIME layer fills `text` of an HTML-only message with its own rendering of the HTML
    /// (`MIMEHTMLText.plainText`), where Python's `email` leaves it empty and the model was trained on
    /// `html_to_text(html)` plus the `html_only` feature. A `text` equal to that rendering is therefore taken as
    /// "no text part" (a real text part identical to the rendering gives nearly the same features anyway).
    /// `hasTextPart` says whether the message had a text/plain body; nil guesses it as described above. Pass it when
    /// known (`init(mime:)` does).
    public init(_ email: EmailMessage, hasTextPart: Bool? = nil) {
        var text = email.text
        if let hasTextPart {
            if !hasTextPart { text = "" }
        } else if let html = email.html, !text.isEmpty, text == MIMEHTMLText.plainText(html) {
            text = ""
        }
        let h = email.headers
        self.init(
            fromEmail: email.from.email, fromName: email.from.name ?? "", replyToEmail: email.replyTo?.email,
            subject: email.subject, text: text, html: email.html,
            autoSubmitted: h.autoSubmitted, listUnsubscribe: h.listUnsubscribe, listId: h.listId, precedence: h.precedence,
            xAutoreply: h.xAutoreply, xAutoResponseSuppress: h.xAutoResponseSuppress, inReplyTo: h.inReplyTo,
            attachments: email.attachments.map { Attachment(filename: $0.filename ?? "", contentType: $0.contentType) }
        )
    }

    /// The triage view of a raw RFC 5322 message, decoded by FloWorx's MIME layer; `text` is empty exactly when the
    /// message has no (non-blank) text/plain body part, as with Python's `email` package.
    public init(mime bytes: [UInt8], parser: MIMEParser = MIMEParser()) throws(MIMEError) {
        let email = try EmailMessage(mime: bytes, parser: parser, fallbackMessageId: "", fallbackDate: Date(timeIntervalSince1970: 0))
        let content = MIMEMessageContent(try parser.parse(bytes))
        let plain = MIMEBytes.trimmed(content.plain.map(\.text).joined(separator: "\n"))
        self.init(email, hasTextPart: !plain.isEmpty)
    }
}
