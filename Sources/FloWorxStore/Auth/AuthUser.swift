import Foundation

/// A row of `auth.users`, as the auth API shows it.
public struct AuthUser: Sendable, Hashable {
    public var id: UUID
    public var email: String
    public var role: String
    public var aud: String
    public var emailConfirmedAt: Date?
    public var lastSignInAt: Date?
    /// `raw_app_meta_data` as JSON text.
    public var appMetadataJSON: String
    /// `raw_user_meta_data` as JSON text.
    public var userMetadataJSON: String
    public var createdAt: Date
    public var updatedAt: Date
    /// The user's external (OAuth) identities as a JSON array in GoTrue's shape, oldest first (`floworx.auth_identities`).
    public var identitiesJSON: String

    public init(
        id: UUID, email: String, role: String, aud: String, emailConfirmedAt: Date?, lastSignInAt: Date?,
        appMetadataJSON: String, userMetadataJSON: String, createdAt: Date, updatedAt: Date, identitiesJSON: String = "[]"
    ) {
        self.id = id
        self.email = email
        self.role = role
        self.aud = aud
        self.emailConfirmedAt = emailConfirmedAt
        self.lastSignInAt = lastSignInAt
        self.appMetadataJSON = appMetadataJSON
        self.userMetadataJSON = userMetadataJSON
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.identitiesJSON = identitiesJSON
    }
}
