import Foundation

/// A Microsoft Graph `message` with the properties FloWorx reads (all optional: `$select` and delta rows carry
/// subsets; a removed row carries only `id` and `@removed`).
public struct GraphMessage: Sendable, Hashable, Codable {
    public var id: String
    public var changeKey: String?
    public var conversationId: String?
    /// The RFC 5322 `Message-ID`, with angle brackets.
    public var internetMessageId: String?
    public var subject: String?
    public var bodyPreview: String?
    public var body: GraphItemBody?
    public var from: GraphRecipient?
    public var sender: GraphRecipient?
    public var toRecipients: [GraphRecipient]?
    public var ccRecipients: [GraphRecipient]?
    public var replyTo: [GraphRecipient]?
    public var isRead: Bool?
    public var isDraft: Bool?
    public var categories: [String]?
    public var parentFolderId: String?
    /// ISO 8601 (`2026-12-06T07:01:02Z`); see `receivedAt`.
    public var receivedDateTime: String?
    public var lastModifiedDateTime: String?
    /// Set on delta rows for messages that left the folder or were deleted.
    public var removed: GraphRemoval?

    public init(id: String, changeKey: String? = nil, conversationId: String? = nil, internetMessageId: String? = nil, subject: String? = nil,
                bodyPreview: String? = nil, body: GraphItemBody? = nil, from: GraphRecipient? = nil, sender: GraphRecipient? = nil,
                toRecipients: [GraphRecipient]? = nil, ccRecipients: [GraphRecipient]? = nil, replyTo: [GraphRecipient]? = nil,
                isRead: Bool? = nil, isDraft: Bool? = nil, categories: [String]? = nil, parentFolderId: String? = nil,
                receivedDateTime: String? = nil, lastModifiedDateTime: String? = nil, removed: GraphRemoval? = nil) {
        self.id = id
        self.changeKey = changeKey
        self.conversationId = conversationId
        self.internetMessageId = internetMessageId
        self.subject = subject
        self.bodyPreview = bodyPreview
        self.body = body
        self.from = from
        self.sender = sender
        self.toRecipients = toRecipients
        self.ccRecipients = ccRecipients
        self.replyTo = replyTo
        self.isRead = isRead
        self.isDraft = isDraft
        self.categories = categories
        self.parentFolderId = parentFolderId
        self.receivedDateTime = receivedDateTime
        self.lastModifiedDateTime = lastModifiedDateTime
        self.removed = removed
    }

    enum CodingKeys: String, CodingKey {
        case id, changeKey, conversationId, internetMessageId, subject, bodyPreview, body, from, sender, toRecipients, ccRecipients, replyTo
        case isRead, isDraft, categories, parentFolderId, receivedDateTime, lastModifiedDateTime
        case removed = "@removed"
    }

    /// `receivedDateTime` as a date.
    public var receivedAt: Date? { receivedDateTime.flatMap(GraphDate.parse) }
}

/// `@removed` on a delta row: `deleted` (gone for good) or `changed` (moved out of the tracked folder).
public struct GraphRemoval: Sendable, Hashable, Codable {
    public var reason: String?

    public init(reason: String?) {
        self.reason = reason
    }
}

/// `itemBody`: the content and its type (`text` or `html`).
public struct GraphItemBody: Sendable, Hashable, Codable {
    public var contentType: String
    public var content: String

    public init(contentType: String = "text", content: String) {
        self.contentType = contentType
        self.content = content
    }
}

/// `recipient`: `{"emailAddress": {"name", "address"}}`.
public struct GraphRecipient: Sendable, Hashable, Codable {
    public struct Address: Sendable, Hashable, Codable {
        public var name: String?
        public var address: String?

        public init(name: String? = nil, address: String?) {
            self.name = name
            self.address = address
        }
    }

    public var emailAddress: Address

    public init(name: String? = nil, address: String) {
        self.emailAddress = Address(name: name, address: address)
    }
}

/// The fields of a message FloWorx changes with PATCH; nil fields are left out of the body (and unchanged).
public struct GraphMessagePatch: Sendable, Hashable, Codable {
    public var isRead: Bool?
    public var categories: [String]?
    public var body: GraphItemBody?

    public init(isRead: Bool? = nil, categories: [String]? = nil, body: GraphItemBody? = nil) {
        self.isRead = isRead
        self.categories = categories
        self.body = body
    }
}

/// Graph's `DateTimeOffset` texts: ISO 8601 with 0 to 7 fractional digits (`2016-11-20T18:23:45.9356913Z`).
public enum GraphDate {
    /// Parses with any number of fractional digits (Foundation's ISO 8601 parser takes at most 3).
    public static func parse(_ text: String) -> Date? {
        var text = text
        if let dot = text.firstIndex(of: "."), let end = text[dot...].firstIndex(where: { !$0.isNumber && $0 != "." }) {
            let digits = text[text.index(after: dot)..<end]
            text.replaceSubrange(dot..<end, with: "." + (digits + "000").prefix(3))
        }
        return MailProviderError.iso8601Date(text)
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC, as Graph request bodies take it.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
