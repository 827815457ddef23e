import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation

/// Alerts by web push to every device the business account subscribed (RFC 8030/8291/8292).
///
/// A push service answering 404 or 410 has dropped the subscription: it is deleted. The notification counts as sent
/// when at least one device's push service accepted it; when every device failed transiently it is retried, and a
/// business with no subscribed device gets a skipped row saying so. The payload's `tag` is the email, so a resend
/// after a crash replaces the earlier notification on the device instead of adding one.
public struct PushNotificationTransport: NotificationTransport {
    let client: WebPushClient
    let subscriptions: PushSubscriptionRepository
    let renderer: AlertRenderer
    /// How long a push service keeps an alert for an offline device.
    let ttl: Int

    public init(client: WebPushClient, subscriptions: PushSubscriptionRepository, renderer: AlertRenderer, ttl: Int = 86_400) {
        self.client = client
        self.subscriptions = subscriptions
        self.renderer = renderer
        self.ttl = ttl
    }

    public func send(_ notification: StoredNotification, content: AlertContent) async throws -> String? {
        guard let user = UUID(uuidString: notification.recipient) else {
            throw NotificationTransportFailure(retryable: false, message: "a push recipient must be a user id")
        }
        let devices = try await subscriptions.subscriptions(forUser: user)
        guard !devices.isEmpty else {
            throw NotificationTransportFailure(retryable: false, message: "no device of this account is subscribed to push", skip: true)
        }
        let payload = renderer.push(content)
        let urgency: WebPushUrgency = content.urgency == "critical" || content.urgency == "high" ? .high : .normal
        var accepted: [String] = [], transient: [String] = [], permanent: [String] = []
        var retryAfter: Duration?
        for device in devices {
            do {
                let subscription = try WebPushSubscription(endpoint: device.endpoint, p256dhBase64URL: device.p256dh, authBase64URL: device.auth)
                switch try await client.send(to: subscription, json: payload, ttl: ttl, urgency: urgency) {
                case .accepted(let location):
                    accepted.append(location ?? device.endpoint)
                    try await subscriptions.recordSuccess(id: device.id)
                case .gone:
                    _ = try await subscriptions.remove(endpoint: device.endpoint)
                    permanent.append("a device's subscription has expired and was removed")
                case .retry(_, let after, let reason):
                    transient.append(reason)
                    if let after { retryAfter = max(retryAfter ?? .zero, .seconds(after)) }
                case .rejected(let status, let reason):
                    _ = try await subscriptions.recordFailure(id: device.id, reason: "\(status): \(reason)")
                    permanent.append("push service refused it (\(status)): \(reason)")
                }
            } catch let error as WebPushError {
                permanent.append("\(error)")
            }
        }
        if let first = accepted.first { return first }
        if !transient.isEmpty {
            throw NotificationTransportFailure(retryable: true, message: transient.joined(separator: "; "), retryAfter: retryAfter)
        }
        throw NotificationTransportFailure(retryable: false, message: permanent.joined(separator: "; "))
    }
}
