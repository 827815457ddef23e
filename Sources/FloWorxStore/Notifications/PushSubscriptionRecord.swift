import Foundation

/// One stored web push subscription (`push.subscriptions`): a browser of a signed-in user.
public struct PushSubscriptionRecord: Sendable, Equatable {
    public var id: UUID
    /// The user the pushes are for (the profile's id for an owner).
    public var userId: UUID
    /// The push service URL.
    public var endpoint: String
    /// The user agent's public key, base64url (65 bytes).
    public var p256dh: String
    /// The authentication secret, base64url (16 bytes).
    public var auth: String
    public var userAgent: String?
    public var createdAt: Date
    /// When the push service last accepted a message for it.
    public var lastSuccessAt: Date?
    /// Failures since the last success.
    public var failureCount: Int

    public init(id: UUID, userId: UUID, endpoint: String, p256dh: String, auth: String, userAgent: String?, createdAt: Date,
                lastSuccessAt: Date?, failureCount: Int) {
        self.id = id
        self.userId = userId
        self.endpoint = endpoint
        self.p256dh = p256dh
        self.auth = auth
        self.userAgent = userAgent
        self.createdAt = createdAt
        self.lastSuccessAt = lastSuccessAt
        self.failureCount = failureCount
    }
}
