import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation

/// Alerts, forwards, SLA breaches, summaries and digests by email, over SMTP.
///
/// Every message carries the notification's stable Message-ID (a resend after a crash is the same message to a mail
/// client) and `X-FloWorx-Notification: <id>`; the composer adds `Auto-Submitted: auto-generated`. A forward attaches
/// the original as `message/rfc822` and is marked with `X-Forwarded-By: FloWorx` and the original's Message-ID in
/// `References`, so mail loops are recognisable (the loop guard treats auto-submitted mail as automatic).
public struct EmailNotificationTransport: NotificationTransport {
    let client: SMTPClient
    let renderer: AlertRenderer
    let messageIdDomain: String

    public init(client: SMTPClient, renderer: AlertRenderer, messageIdDomain: String) {
        self.client = client
        self.renderer = renderer
        self.messageIdDomain = messageIdDomain
    }

    public func send(_ notification: StoredNotification, content: AlertContent) async throws -> String? {
        let rendered = renderer.email(content)
        let messageId = "notification-\(notification.id.uuidString.lowercased())@\(messageIdDomain)"
        var headers = [MailHeader("X-FloWorx-Notification", notification.id.uuidString.lowercased())]
        var attachments: [MailAttachment] = []
        var replyTo: [EmailAddress] = []
        if notification.kind == .forward, let original = content.original {
            let raw = OriginalMessage(original)
            attachments.append(.message(raw.bytes))
            headers.append(MailHeader("X-Forwarded-By", "FloWorx"))
            if let id = raw.messageId { headers.append(MailHeader("References", "<\(id)>")) }
            // Replying to the forward reaches the customer, not FloWorx.
            if let from = raw.replyAddress { replyTo = [from] }
        }
        let mail = OutgoingMail(
            to: [EmailAddress(email: notification.recipient, name: notification.recipientName)], replyTo: replyTo,
            subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: messageId,
            attachments: attachments, headers: headers)
        do {
            let result = try await client.send(mail)
            if result.accepted.isEmpty {
                throw NotificationTransportFailure(retryable: false, message: "the SMTP server accepted no recipient")
            }
            return "<\(messageId)>"
        } catch let error as SMTPError {
            throw NotificationTransportFailure(retryable: error.isRetryable, message: "SMTP \(error.step): \(error.message)")
        }
    }
}
