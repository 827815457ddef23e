import Foundation

/// A message in a local Graph mailbox, with the properties of Graph's `message` resource that FloWorx reads.
struct GraphMessage: Sendable {
    /// The immutable id (`Prefer: IdType="ImmutableId"`): never changes while the message lives in the mailbox.
    var immutableId: String
    /// The default ("REST") id, which Exchange changes when the message moves to another folder.
    var restId: String
    var folderId: String
    var createdDateTime: Date
    var lastModifiedDateTime: Date
    var receivedDateTime: Date
    var sentDateTime: Date?
    var changeKey: String
    /// The mailbox change sequence of this message's last change (drives delta).
    var changeSeq: Int
    var categories: [String] = []
    var subject: String
    var body: String
    var bodyIsHTML: Bool
    var from: GraphAddress?
    var toRecipients: [GraphAddress] = []
    var ccRecipients: [GraphAddress] = []
    var bccRecipients: [GraphAddress] = []
    var replyTo: [GraphAddress] = []
    var internetMessageId: String
    var inReplyTo: String?
    var references: [String] = []
    var conversationId: String
    var isRead: Bool = false
    var isDraft: Bool = false
    var importance: String = "normal"
    var flagStatus: String = "notFlagged"
    /// The MIME the message arrived as (`$value` answers it); drafts and replies are rendered from the properties.
    var raw: String?
    /// For a draft made by `createReply`: the immutable id of the message it answers.
    var replyToMessageId: String?
    /// Whether the mailbox owner changed the draft (through the control surface).
    var editedByOwner: Bool = false

    /// The id a request sees: immutable when it asked for it.
    func id(immutable: Bool) -> String { immutable ? immutableId : restId }

    /// Graph's `bodyPreview`: the first 255 characters of the text, tags removed.
    var bodyPreview: String {
        var text = body
        if bodyIsHTML {
            text = text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        }
        text = text.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression).trimmingCharacters(in: .whitespaces)
        return String(text.prefix(255))
    }

    /// The `message` JSON object (every property, or those in `select` plus `id`).
    func json(immutable: Bool, select: Set<String>?) -> [String: Any] {
        let id = id(immutable: immutable)
        let folder = folderId
        var object: [String: Any] = [
            "@odata.etag": "W/\"\(changeKey)\"",
            "id": id,
            "createdDateTime": GraphJSON.seconds(createdDateTime),
            "lastModifiedDateTime": GraphJSON.seconds(lastModifiedDateTime),
            "changeKey": changeKey,
            "categories": categories,
            "receivedDateTime": GraphJSON.seconds(receivedDateTime),
            "sentDateTime": sentDateTime.map { GraphJSON.seconds($0) } as Any? ?? NSNull(),
            "hasAttachments": false,
            "internetMessageId": internetMessageId,
            "subject": subject,
            "bodyPreview": bodyPreview,
            "importance": importance,
            "parentFolderId": folder,
            "conversationId": conversationId,
            "conversationIndex": Data(conversationId.utf8.prefix(22)).base64EncodedString(),
            "isDeliveryReceiptRequested": false,
            "isReadReceiptRequested": false,
            "isRead": isRead,
            "isDraft": isDraft,
            "webLink": "https://outlook.office365.com/owa/?ItemID=\(id)&exvsurl=1&viewmodel=ReadMessageItem",
            "inferenceClassification": "focused",
            "body": ["contentType": bodyIsHTML ? "html" : "text", "content": body],
            "sender": from.map { GraphJSON.recipient($0) } as Any? ?? NSNull(),
            "from": from.map { GraphJSON.recipient($0) } as Any? ?? NSNull(),
            "toRecipients": toRecipients.map(GraphJSON.recipient),
            "ccRecipients": ccRecipients.map(GraphJSON.recipient),
            "bccRecipients": bccRecipients.map(GraphJSON.recipient),
            "replyTo": replyTo.map(GraphJSON.recipient),
            "flag": ["flagStatus": flagStatus],
        ]
        if let select {
            object = object.filter { select.contains($0.key) || $0.key == "id" || $0.key == "@odata.etag" }
        }
        return object
    }
}

/// A mail folder in a local Graph mailbox.
struct GraphFolder: Sendable {
    var id: String
    var displayName: String
    var parentFolderId: String
    /// `inbox`, `drafts`, `sentitems`, ... for the well-known folders.
    var wellKnownName: String?
}
