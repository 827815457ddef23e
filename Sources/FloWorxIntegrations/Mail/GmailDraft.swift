import Foundation

/// A Gmail draft (`users.drafts`): its id, the id and thread of its message, and, when fetched with
/// `format=raw`, the message bytes. Encodes and decodes Google's shape (`{"id", "message": {"id", "threadId",
/// "labelIds", "raw"}}`).
public struct GmailDraft: Sendable, Hashable, Codable {
    public var id: String
    public var messageId: String?
    public var threadId: String?
    public var labelIds: [String]
    /// The draft's RFC 5322 bytes (`format=raw` only).
    public var raw: Data?

    public init(id: String, messageId: String? = nil, threadId: String? = nil, labelIds: [String] = [], raw: Data? = nil) {
        self.id = id
        self.messageId = messageId
        self.threadId = threadId
        self.labelIds = labelIds
        self.raw = raw
    }

    enum CodingKeys: String, CodingKey { case id, message }
    enum MessageKeys: String, CodingKey { case id, threadId, labelIds, raw }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        guard container.contains(.message), try !container.decodeNil(forKey: .message) else {
            labelIds = []
            return
        }
        let message = try container.nestedContainer(keyedBy: MessageKeys.self, forKey: .message)
        messageId = try message.decodeIfPresent(String.self, forKey: .id)
        threadId = try message.decodeIfPresent(String.self, forKey: .threadId)
        labelIds = try message.decodeIfPresent([String].self, forKey: .labelIds) ?? []
        if let text = try message.decodeIfPresent(String.self, forKey: .raw) {
            guard let data = Base64URL.decode(text) else {
                throw DecodingError.dataCorruptedError(forKey: .raw, in: message, debugDescription: "raw is not base64url")
            }
            raw = data
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        var message = container.nestedContainer(keyedBy: MessageKeys.self, forKey: .message)
        try message.encodeIfPresent(messageId, forKey: .id)
        try message.encodeIfPresent(threadId, forKey: .threadId)
        try message.encode(labelIds, forKey: .labelIds)
        try message.encodeIfPresent(raw.map { Base64URL.encode($0) }, forKey: .raw)
    }
}

/// One page of `drafts.list` (drafts without content). Google omits `drafts` when there are none (then empty).
public struct GmailDraftList: Sendable, Hashable, Codable {
    public var drafts: [GmailDraft]
    public var nextPageToken: String?
    public var resultSizeEstimate: Int?

    public init(drafts: [GmailDraft], nextPageToken: String? = nil, resultSizeEstimate: Int? = nil) {
        self.drafts = drafts
        self.nextPageToken = nextPageToken
        self.resultSizeEstimate = resultSizeEstimate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        drafts = try container.decodeIfPresent([GmailDraft].self, forKey: .drafts) ?? []
        nextPageToken = try container.decodeIfPresent(String.self, forKey: .nextPageToken)
        resultSizeEstimate = try container.decodeIfPresent(Int.self, forKey: .resultSizeEstimate)
    }
}
