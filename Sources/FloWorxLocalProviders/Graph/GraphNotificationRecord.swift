import Foundation

/// One POST the local Graph server made to a subscriber: a validation request, a change notification or a
/// lifecycle notification, with the subscriber's answer.
public struct GraphNotificationRecord: Sendable {
    /// What was sent.
    public enum Kind: String, Sendable {
        /// The `validationToken` request of a subscription being created.
        case validation
        /// A change notification.
        case change
        /// A lifecycle notification.
        case lifecycle
    }

    /// What was sent.
    public var kind: Kind
    /// The subscription concerned.
    public var subscriptionId: String?
    /// The URL posted to.
    public var url: String
    /// `created` / `updated` / `deleted` for a change; the `lifecycleEvent` for a lifecycle notification.
    public var event: String?
    /// The immutable id of the message concerned (change notifications).
    public var messageId: String?
    /// The JSON body sent (empty for validation).
    public var body: Data
    /// 1 for the first delivery, 2 for the first retry...
    public var attempt: Int
    /// The subscriber's status, or `nil` when it did not answer in time or the connection failed.
    public var status: Int?
}
