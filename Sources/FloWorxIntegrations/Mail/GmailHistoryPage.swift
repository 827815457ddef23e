import Foundation

/// One page of `users.history.list`: the mailbox's changes after a start history id, oldest first.
public struct GmailHistoryPage: Sendable, Hashable, Codable {
    /// The records of this page; Google omits the field when there are none (then empty).
    public var history: [GmailHistoryRecord]
    /// The mailbox's current history id: the next checkpoint once every page has been processed.
    public var historyId: String
    public var nextPageToken: String?

    public init(history: [GmailHistoryRecord], historyId: String, nextPageToken: String? = nil) {
        self.history = history
        self.historyId = historyId
        self.nextPageToken = nextPageToken
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        history = try container.decodeIfPresent([GmailHistoryRecord].self, forKey: .history) ?? []
        historyId = try container.decodeGoogleInt64(forKey: .historyId)
        nextPageToken = try container.decodeIfPresent(String.self, forKey: .nextPageToken)
    }

    /// The messages added on this page, in order, each once.
    public var addedMessages: [GmailMessageRef] {
        var seen = Set<String>()
        return history.flatMap { $0.messagesAdded.map(\.message) }.filter { seen.insert($0.id).inserted }
    }
}

/// One `History` record: what happened at one history id.
public struct GmailHistoryRecord: Sendable, Hashable, Codable {
    /// uint64 as a decimal string.
    public var id: String
    /// Every message the record touches.
    public var messages: [GmailMessageRef]
    public var messagesAdded: [GmailHistoryMessage]
    public var messagesDeleted: [GmailHistoryMessage]
    public var labelsAdded: [GmailHistoryLabelChange]
    public var labelsRemoved: [GmailHistoryLabelChange]

    public init(id: String, messages: [GmailMessageRef] = [], messagesAdded: [GmailHistoryMessage] = [],
                messagesDeleted: [GmailHistoryMessage] = [], labelsAdded: [GmailHistoryLabelChange] = [],
                labelsRemoved: [GmailHistoryLabelChange] = []) {
        self.id = id
        self.messages = messages
        self.messagesAdded = messagesAdded
        self.messagesDeleted = messagesDeleted
        self.labelsAdded = labelsAdded
        self.labelsRemoved = labelsRemoved
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeGoogleInt64(forKey: .id)
        messages = try container.decodeIfPresent([GmailMessageRef].self, forKey: .messages) ?? []
        messagesAdded = try container.decodeIfPresent([GmailHistoryMessage].self, forKey: .messagesAdded) ?? []
        messagesDeleted = try container.decodeIfPresent([GmailHistoryMessage].self, forKey: .messagesDeleted) ?? []
        labelsAdded = try container.decodeIfPresent([GmailHistoryLabelChange].self, forKey: .labelsAdded) ?? []
        labelsRemoved = try container.decodeIfPresent([GmailHistoryLabelChange].self, forKey: .labelsRemoved) ?? []
    }
}

/// `HistoryMessageAdded` / `HistoryMessageDeleted`.
public struct GmailHistoryMessage: Sendable, Hashable, Codable {
    public var message: GmailMessageRef

    public init(message: GmailMessageRef) {
        self.message = message
    }
}

/// `HistoryLabelAdded` / `HistoryLabelRemoved`: the labels added to or removed from a message.
public struct GmailHistoryLabelChange: Sendable, Hashable, Codable {
    public var message: GmailMessageRef
    public var labelIds: [String]

    public init(message: GmailMessageRef, labelIds: [String]) {
        self.message = message
        self.labelIds = labelIds
    }
}

/// The `historyTypes` filter of `history.list`.
public enum GmailHistoryType: String, Sendable, Hashable, Codable, CaseIterable {
    case messageAdded, messageDeleted, labelAdded, labelRemoved
}
