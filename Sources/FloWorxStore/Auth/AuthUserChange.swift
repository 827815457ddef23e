import Foundation

/// A change to a row of `auth.users`: every field left `nil` keeps its value. Metadata objects are merged into the
/// stored ones key by key, as GoTrue merges them.
public struct AuthUserChange: Sendable, Hashable {
    /// A new address, normalised (`EmailAddress.normalized`).
    public var email: String?
    /// A new bcrypt hash.
    public var passwordHash: String?
    /// `true` confirms the email now (if not yet confirmed); `false` marks it unconfirmed.
    public var emailConfirmed: Bool?
    /// JSON object text merged into `raw_user_meta_data`.
    public var userMetadataJSON: String?
    /// JSON object text merged into `raw_app_meta_data`.
    public var appMetadataJSON: String?

    public init(email: String? = nil, passwordHash: String? = nil, emailConfirmed: Bool? = nil, userMetadataJSON: String? = nil, appMetadataJSON: String? = nil) {
        self.email = email
        self.passwordHash = passwordHash
        self.emailConfirmed = emailConfirmed
        self.userMetadataJSON = userMetadataJSON
        self.appMetadataJSON = appMetadataJSON
    }
}
