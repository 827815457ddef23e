import Foundation

/// An email address with an optional display name.
public struct EmailAddress: Sendable, Codable, Hashable {
    /// The address, e.g. `jane@example.com`.
    public var email: String
    /// The display name, e.g. `Jane Doe`.
    public var name: String?

    public init(email: String, name: String? = nil) {
        self.email = email
        self.name = name
    }

    /// The part after `@`, lowercased; empty when there is none.
    public var domain: String {
        guard let at = email.lastIndex(of: "@") else { return "" }
        return email[email.index(after: at)...].lowercased()
    }
}

/// The headers that matter for threading and loop prevention.
public struct EmailHeaders: Sendable, Codable, Hashable {
    /// The message's own Message-ID, without angle brackets (a reply's In-Reply-To). Kept when the provider's id
    /// replaces it as `EmailMessage.messageId`.
    public var messageId: String?
    public var inReplyTo: String?
    public var references: [String]?
    public var autoSubmitted: String?
    public var listUnsubscribe: String?
    public var listId: String?
    public var precedence: String?
    public var xAutoreply: String?
    public var xAutoResponseSuppress: String?

    public init(
        inReplyTo: String? = nil, references: [String]? = nil, autoSubmitted: String? = nil,
        listUnsubscribe: String? = nil, listId: String? = nil, precedence: String? = nil,
        xAutoreply: String? = nil, xAutoResponseSuppress: String? = nil, messageId: String? = nil
    ) {
        self.messageId = messageId
        self.inReplyTo = inReplyTo
        self.references = references
        self.autoSubmitted = autoSubmitted
        self.listUnsubscribe = listUnsubscribe
        self.listId = listId
        self.precedence = precedence
        self.xAutoreply = xAutoreply
        self.xAutoResponseSuppress = xAutoResponseSuppress
    }

    enum CodingKeys: String, CodingKey {
        case messageId = "message_id"
        case inReplyTo = "in_reply_to"
        case references
        case autoSubmitted = "auto_submitted"
        case listUnsubscribe = "list_unsubscribe"
        case listId = "list_id"
        case precedence
        case xAutoreply = "x_autoreply"
        case xAutoResponseSuppress = "x_auto_response_suppress"
    }
}

/// What is known of an attachment; the content itself is never stored.
public struct AttachmentInfo: Sendable, Codable, Hashable {
    public var filename: String?
    public var contentType: String
    public var size: Int
    public var contentId: String?
    public var disposition: String?

    public init(filename: String?, contentType: String, size: Int, contentId: String? = nil, disposition: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.contentId = contentId
        self.disposition = disposition
    }

    enum CodingKeys: String, CodingKey {
        case filename
        case contentType = "content_type"
        case size
        case contentId = "content_id"
        case disposition
    }
}

/// One normalized inbound message: the `email_queue.email_data` document (schema version 1).
public struct EmailMessage: Sendable, Codable, Hashable {
    /// Where the message came from.
    public enum Provider: String, Sendable, Codable, Hashable {
        case gmail, outlook, api, mime
    }

    /// The document's schema version.
    public var version: Int
    public var provider: Provider
    /// The provider's id for the message; unique per client.
    public var messageId: String
    public var threadId: String?
    public var from: EmailAddress
    public var to: [EmailAddress]
    public var cc: [EmailAddress]
    public var replyTo: EmailAddress?
    public var subject: String
    public var text: String
    public var html: String?
    public var receivedAt: Date
    public var headers: EmailHeaders
    public var attachments: [AttachmentInfo]

    public init(
        version: Int = 1, provider: Provider = .api, messageId: String, threadId: String? = nil,
        from: EmailAddress, to: [EmailAddress], cc: [EmailAddress] = [], replyTo: EmailAddress? = nil,
        subject: String, text: String, html: String? = nil, receivedAt: Date,
        headers: EmailHeaders = EmailHeaders(), attachments: [AttachmentInfo] = []
    ) {
        self.version = version
        self.provider = provider
        self.messageId = messageId
        self.threadId = threadId
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.receivedAt = receivedAt
        self.headers = headers
        self.attachments = attachments
    }

    enum CodingKeys: String, CodingKey {
        case version, provider
        case messageId = "message_id"
        case threadId = "thread_id"
        case from, to, cc
        case replyTo = "reply_to"
        case subject, text, html
        case receivedAt = "received_at"
        case headers, attachments
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        provider = try c.decodeIfPresent(Provider.self, forKey: .provider) ?? .api
        messageId = try c.decode(String.self, forKey: .messageId)
        threadId = try c.decodeIfPresent(String.self, forKey: .threadId)
        from = try c.decode(EmailAddress.self, forKey: .from)
        to = try c.decodeIfPresent([EmailAddress].self, forKey: .to) ?? []
        cc = try c.decodeIfPresent([EmailAddress].self, forKey: .cc) ?? []
        replyTo = try c.decodeIfPresent(EmailAddress.self, forKey: .replyTo)
        subject = try c.decodeIfPresent(String.self, forKey: .subject) ?? ""
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        html = try c.decodeIfPresent(String.self, forKey: .html)
        receivedAt = try c.decode(Date.self, forKey: .receivedAt)
        headers = try c.decodeIfPresent(EmailHeaders.self, forKey: .headers) ?? EmailHeaders()
        attachments = try c.decodeIfPresent([AttachmentInfo].self, forKey: .attachments) ?? []
    }
}
