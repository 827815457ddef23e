import Foundation

/// A message as `messages.list`, `history.list`, `messages.modify` and `format=minimal` return it: ids and labels,
/// no content.
public struct GmailMessageRef: Sendable, Hashable, Codable {
    public var id: String
    public var threadId: String?
    public var labelIds: [String]?
    /// uint64 as a decimal string, when Google includes it.
    public var historyId: String?

    public init(id: String, threadId: String? = nil, labelIds: [String]? = nil, historyId: String? = nil) {
        self.id = id
        self.threadId = threadId
        self.labelIds = labelIds
        self.historyId = historyId
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        threadId = try container.decodeIfPresent(String.self, forKey: .threadId)
        labelIds = try container.decodeIfPresent([String].self, forKey: .labelIds)
        historyId = try container.decodeGoogleInt64IfPresent(forKey: .historyId)
    }
}

/// One page of `messages.list`. Google omits `messages` when there are none; this type then holds an empty array.
public struct GmailMessageList: Sendable, Hashable, Codable {
    public var messages: [GmailMessageRef]
    public var nextPageToken: String?
    public var resultSizeEstimate: Int?

    public init(messages: [GmailMessageRef], nextPageToken: String? = nil, resultSizeEstimate: Int? = nil) {
        self.messages = messages
        self.nextPageToken = nextPageToken
        self.resultSizeEstimate = resultSizeEstimate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messages = try container.decodeIfPresent([GmailMessageRef].self, forKey: .messages) ?? []
        nextPageToken = try container.decodeIfPresent(String.self, forKey: .nextPageToken)
        resultSizeEstimate = try container.decodeIfPresent(Int.self, forKey: .resultSizeEstimate)
    }
}
