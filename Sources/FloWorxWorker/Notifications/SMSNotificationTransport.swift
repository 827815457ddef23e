import FloWorxCore
import FloWorxIntegrations
import FloWorxStore

/// Alerts by SMS through Twilio's Messages API. The manager's phone is normalised to E.164 (a number that cannot be
/// fails the row with the reason, permanently); the text is fitted to the segment limit; the returned message SID is
/// what Twilio's status callbacks report on (`/webhooks/twilio/status` records delivered / undelivered).
public struct SMSNotificationTransport: NotificationTransport {
    let client: TwilioClient
    let settings: SMSSettings
    let renderer: AlertRenderer

    public init(client: TwilioClient, settings: SMSSettings, renderer: AlertRenderer) {
        self.client = client
        self.settings = settings
        self.renderer = renderer
    }

    public func send(_ notification: StoredNotification, content: AlertContent) async throws -> String? {
        let number: SMSPhoneNumber
        do {
            number = try settings.phoneNumber(notification.recipient)
        } catch {
            throw NotificationTransportFailure(retryable: false, message: "\(notification.recipient) is not a phone number SMS can reach: \(error)")
        }
        let body = settings.body(renderer.sms(content))
        do {
            // The callback URL names the notification, so a status that arrives before the SID is stored finds its row.
            let callback = client.configuration.statusCallbackURL(notificationId: notification.id)
            return try await client.send(to: number.e164, body: body.text, statusCallback: .some(callback)).sid
        } catch {
            throw NotificationTransportFailure(retryable: error.isRetryable, message: "Twilio: \(error.message)", retryAfter: error.retryAfter)
        }
    }
}
