import Foundation

/// A Graph `mailFolder`.
public struct GraphFolder: Sendable, Hashable, Codable {
    public var id: String
    public var displayName: String
    public var parentFolderId: String?
    public var childFolderCount: Int?
    public var totalItemCount: Int?
    public var unreadItemCount: Int?

    public init(id: String, displayName: String, parentFolderId: String? = nil, childFolderCount: Int? = nil, totalItemCount: Int? = nil,
                unreadItemCount: Int? = nil) {
        self.id = id
        self.displayName = displayName
        self.parentFolderId = parentFolderId
        self.childFolderCount = childFolderCount
        self.totalItemCount = totalItemCount
        self.unreadItemCount = unreadItemCount
    }
}

/// The signed-in user (`GET /me`).
public struct GraphUser: Sendable, Hashable, Codable {
    public var id: String
    public var displayName: String?
    /// The primary SMTP address; nil for some personal accounts (then `userPrincipalName`).
    public var mail: String?
    public var userPrincipalName: String?

    public init(id: String, displayName: String? = nil, mail: String? = nil, userPrincipalName: String? = nil) {
        self.id = id
        self.displayName = displayName
        self.mail = mail
        self.userPrincipalName = userPrincipalName
    }

    /// The mailbox address: `mail`, else `userPrincipalName`.
    public var address: String? { mail ?? userPrincipalName }
}
