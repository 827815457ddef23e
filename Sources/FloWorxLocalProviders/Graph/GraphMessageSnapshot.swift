import Foundation

/// What a local Graph message looks like now (the control surface's state reader).
public struct GraphMessageSnapshot: Sendable, Equatable {
    /// The immutable id (also accepted wherever an id is).
    public var id: String
    /// The default id, which changes on every move.
    public var restId: String
    /// The id of the folder holding it.
    public var folderId: String
    /// That folder's display name (`Inbox`, `Drafts`, a child folder's name...).
    public var folderName: String
    public var subject: String
    /// The body text (HTML for replies made by `createReply`).
    public var body: String
    public var isRead: Bool
    public var isDraft: Bool
    public var categories: [String]
    public var conversationId: String
    public var internetMessageId: String
    public var toRecipients: [String]
    /// For a reply draft: the immutable id of the message it answers.
    public var replyToMessageId: String?
    /// Whether the owner edited this draft.
    public var editedByOwner: Bool
    public var lastModifiedDateTime: Date
}

/// A mail folder as the state reader shows it.
public struct GraphFolderSnapshot: Sendable, Equatable {
    public var id: String
    public var displayName: String
    public var parentFolderId: String
    /// `inbox`, `drafts`, ... for well-known folders.
    public var wellKnownName: String?
}

/// A live subscription as the state reader shows it.
public struct GraphSubscriptionSnapshot: Sendable, Equatable {
    public var id: String
    public var email: String
    public var resource: String
    public var changeType: String
    public var notificationUrl: String
    public var lifecycleNotificationUrl: String?
    public var clientState: String?
    public var expirationDateTime: Date
}
