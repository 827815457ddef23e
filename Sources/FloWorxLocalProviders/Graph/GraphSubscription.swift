import Foundation

/// A change-notification subscription on a mailbox's messages.
struct GraphSubscription: Sendable {
    var id: String
    var mailbox: String
    var resource: String
    /// `nil`: every folder (`me/messages`); else one folder (`me/mailFolders('inbox')/messages`).
    var folderId: String?
    var changeTypes: Set<String>
    var changeType: String
    var notificationUrl: String
    var lifecycleNotificationUrl: String?
    var clientState: String?
    var expirationDateTime: Date
    /// Whether the subscription was created with `Prefer: IdType="ImmutableId"` (its notifications carry those ids).
    var immutableIds: Bool
    var creatorId: String
    var applicationId: String
    var latestSupportedTlsVersion: String

    func json(context: String) -> [String: Any] {
        [
            "@odata.context": context,
            "id": id,
            "resource": resource,
            "applicationId": applicationId,
            "changeType": changeType,
            "clientState": clientState as Any? ?? NSNull(),
            "notificationUrl": notificationUrl,
            "notificationQueryOptions": NSNull(),
            "lifecycleNotificationUrl": lifecycleNotificationUrl as Any? ?? NSNull(),
            "expirationDateTime": GraphJSON.fractional(expirationDateTime),
            "creatorId": creatorId,
            "includeResourceData": NSNull(),
            "latestSupportedTlsVersion": latestSupportedTlsVersion,
            "encryptionCertificate": NSNull(),
            "encryptionCertificateId": NSNull(),
            "notificationUrlAppId": NSNull(),
        ]
    }
}

/// A lifecycle notification's event (`lifecycleEvent`), as Graph sends them to `lifecycleNotificationUrl`.
public enum GraphLifecycleEvent: String, Sendable, CaseIterable {
    /// The subscription needs reauthorizing (its access token is about to expire); renew or reauthorize it.
    case reauthorizationRequired
    /// Graph removed the subscription; create it again and resync.
    case subscriptionRemoved
    /// Notifications were not delivered; resync with delta.
    case missed
}
