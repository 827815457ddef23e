import Foundation

/// A Gmail label (`users.labels`). FloWorx creates user labels and keeps their ids (renames keep the id).
public struct GmailLabel: Sendable, Hashable, Codable {
    public var id: String
    /// The display name; `/` nests (`FloWorx/Suppliers`).
    public var name: String
    /// `system` or `user`.
    public var type: String?
    /// `labelShow`, `labelShowIfUnread` or `labelHide`.
    public var labelListVisibility: String?
    /// `show` or `hide`.
    public var messageListVisibility: String?
    public var messagesTotal: Int?
    public var messagesUnread: Int?

    public init(id: String, name: String, type: String? = nil, labelListVisibility: String? = nil, messageListVisibility: String? = nil,
                messagesTotal: Int? = nil, messagesUnread: Int? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.labelListVisibility = labelListVisibility
        self.messageListVisibility = messageListVisibility
        self.messagesTotal = messagesTotal
        self.messagesUnread = messagesUnread
    }
}
