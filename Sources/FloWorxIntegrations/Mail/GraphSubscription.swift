import Foundation

/// A Graph change-notification subscription, as Graph answers it. `clientState` is deliberately not kept: it is a
/// secret FloWorx already holds, and a value that is never decoded cannot leak through this type.
public struct GraphSubscription: Sendable, Hashable, Codable {
    public var id: String
    public var resource: String?
    public var changeType: String?
    public var notificationUrl: String?
    public var lifecycleNotificationUrl: String?
    /// ISO 8601; see `expiresAt`.
    public var expirationDateTime: String

    public init(id: String, resource: String? = nil, changeType: String? = nil, notificationUrl: String? = nil,
                lifecycleNotificationUrl: String? = nil, expirationDateTime: String) {
        self.id = id
        self.resource = resource
        self.changeType = changeType
        self.notificationUrl = notificationUrl
        self.lifecycleNotificationUrl = lifecycleNotificationUrl
        self.expirationDateTime = expirationDateTime
    }

    /// When Graph stops notifying (renew before).
    public var expiresAt: Date? { GraphDate.parse(expirationDateTime) }
}

/// The body of `POST /subscriptions`. Graph validates `notificationUrl` (and `lifecycleNotificationUrl`) with a
/// `validationToken` request before it answers. Its description hides `clientState`.
public struct GraphSubscriptionRequest: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// Graph's longest lifetime for Outlook message subscriptions: 10,080 minutes (7 days).
    public static let maxMessageLifetime: Duration = .seconds(10_080 * 60)

    public var changeType: String
    public var notificationUrl: String
    public var lifecycleNotificationUrl: String?
    /// `me/mailFolders('inbox')/messages` for new mail in the Inbox.
    public var resource: String
    public var expirationDateTime: Date
    /// A per-subscription secret Graph echoes in every notification (compare in constant time).
    public var clientState: String

    public init(changeType: String = "created", notificationUrl: String, lifecycleNotificationUrl: String? = nil,
                resource: String = "me/mailFolders('inbox')/messages", expirationDateTime: Date, clientState: String) {
        self.changeType = changeType
        self.notificationUrl = notificationUrl
        self.lifecycleNotificationUrl = lifecycleNotificationUrl
        self.resource = resource
        self.expirationDateTime = expirationDateTime
        self.clientState = clientState
    }

    enum CodingKeys: String, CodingKey {
        case changeType, notificationUrl, lifecycleNotificationUrl, resource, expirationDateTime, clientState
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(changeType, forKey: .changeType)
        try container.encode(notificationUrl, forKey: .notificationUrl)
        try container.encodeIfPresent(lifecycleNotificationUrl, forKey: .lifecycleNotificationUrl)
        try container.encode(resource, forKey: .resource)
        try container.encode(GraphDate.format(expirationDateTime), forKey: .expirationDateTime)
        try container.encode(clientState, forKey: .clientState)
    }

    public var description: String {
        "GraphSubscriptionRequest(\(changeType) \(resource) -> \(notificationUrl), expires \(GraphDate.format(expirationDateTime)), clientState: [redacted])"
    }
}
