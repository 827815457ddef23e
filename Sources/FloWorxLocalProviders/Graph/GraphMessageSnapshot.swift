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
    /// The subject.
    public var subject: String
    /// The body text (HTML for replies made by `createReply`).
    public var body: String
    /// Whether the message is read.
    public var isRead: Bool
    /// Whether it is a draft.
    public var isDraft: Bool
    /// Outlook categories set on it.
    public var categories: [String]
    /// The conversation (thread) it belongs to.
    public var conversationId: String
    /// The RFC 5322 Message-ID.
    public var internetMessageId: String
    /// The To addresses.
    public var toRecipients: [String]
    /// For a reply draft: the immutable id of the message it answers.
    public var replyToMessageId: String?
    /// Whether the owner edited this draft.
    public var editedByOwner: Bool
    /// When it last changed.
    public var lastModifiedDateTime: Date
}

/// A mail folder as the state reader shows it.
public struct GraphFolderSnapshot: Sendable, Equatable {
    /// The folder id.
    public var id: String
    /// Its display name.
    public var displayName: String
    /// The parent folder's id (the root's is empty).
    public var parentFolderId: String
    /// `inbox`, `drafts`, ... for well-known folders.
    public var wellKnownName: String?
}

/// A live subscription as the state reader shows it.
public struct GraphSubscriptionSnapshot: Sendable, Equatable {
    /// The subscription id.
    public var id: String
    /// The mailbox it watches.
    public var email: String
    /// The resource as given (`me/mailFolders('inbox')/messages`).
    public var resource: String
    /// `created,updated,deleted` as given.
    public var changeType: String
    /// Where change notifications go.
    public var notificationUrl: String
    /// Where lifecycle notifications go.
    public var lifecycleNotificationUrl: String?
    /// The secret echoed in every notification.
    public var clientState: String?
    /// When it expires.
    public var expirationDateTime: Date
}
