import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

/// Push channels: Gmail `users.watch` (renewed daily) and Graph subscriptions (renewed before they expire, recreated
/// when gone). When push cannot be had, the mailbox is polled and the owner is told once how to fix it.
struct MailboxPush: Sendable {
    let services: MailboxServices

    /// Whether push is configured for a provider.
    func configured(_ provider: String) -> Bool {
        provider == "gmail" ? services.configuration.gmailTopic != nil : services.configuration.graphNotificationURL != nil
    }

    /// Renews push; `syncAfter` picks up from the checkpoint whatever arrived while push was down (a watch renewed
    /// only to take in a new FloWorx label needs no sync).
    func renew(_ mailbox: MailboxState, lastAttempt: Bool, syncAfter: Bool = true) async throws {
        guard configured(mailbox.provider) else { return }
        do {
            if mailbox.provider == "gmail" { try await watch(mailbox) } else { try await subscribe(mailbox) }
            if syncAfter { try await services.queueSync(mailbox) }
        } catch let error as MailProviderError {
            if !error.isRetryable || lastAttempt { try await lapsed(mailbox, error) }
            throw try await services.throttled(mailbox, error)
        }
    }

    /// The watch leaves out changes relating to drafts and to FloWorx's own labels: the pushes FloWorx's write-back
    /// would otherwise cause itself (one `history.list` per email). New mail never carries those labels (unless the
    /// owner's own Gmail filter applies one: the safety sync picks that up); the owner moving mail between FloWorx
    /// labels or sending a draft is read at the next sync.
    private func watch(_ mailbox: MailboxState) async throws {
        guard let topic = services.configuration.gmailTopic else { return }
        let gmail = services.configuration.gmail
        // The whole tree first, so the watch leaves out every label FloWorx will apply.
        try await GmailWriteBack(services: services).provision(mailbox)
        let own = try await services.labels.labels(clientId: mailbox.clientId, provider: "gmail").values.sorted()
        try await services.spend(mailbox, GmailSync.Units.watch)
        let watch = try await services.tokens.withToken(mailbox) { token in
            try await gmail.watch(accessToken: token, topicName: topic, labelIds: ["DRAFT"] + own, labelFilterBehavior: "exclude")
        }
        try await services.mailboxes.setPush(mailbox.integrationId, pushId: nil, secret: nil, expiresAt: watch.expiresAt)
    }

    private func subscribe(_ mailbox: MailboxState) async throws {
        guard let url = services.configuration.graphNotificationURL else { return }
        let graph = services.configuration.graph
        let expiry = Date().addingTimeInterval(Double(services.configuration.subscriptionLifetime.components.seconds))
        if let id = mailbox.pushId, let expires = mailbox.pushExpiresAt, expires > Date() {
            try await services.spend(mailbox, 1)
            do {
                let renewed = try await services.tokens.withToken(mailbox) { try await graph.renewSubscription(accessToken: $0, id: id, expiration: expiry) }
                try await services.mailboxes.setPushExpiry(mailbox.integrationId, renewed.expiresAt ?? expiry)
                return
            } catch let error as MailProviderError where error.kind == .notFound {
                // Removed by Microsoft: make a new one below.
            }
        }
        // Each subscription gets its own clientState secret; only its hash is stored.
        let secret = Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
        let request = GraphSubscriptionRequest(notificationUrl: url, lifecycleNotificationUrl: url, resource: "me/mailFolders('inbox')/messages",
                                               expirationDateTime: expiry, clientState: secret)
        try await services.spend(mailbox, 1)
        let created = try await services.tokens.withToken(mailbox) { try await graph.createSubscription(accessToken: $0, request) }
        try await services.mailboxes.setPush(mailbox.integrationId, pushId: created.id, secret: secret, expiresAt: created.expiresAt ?? expiry)
    }

    /// Push could not be renewed: the mailbox is polled from now on, and the owner hears about it once.
    func lapsed(_ mailbox: MailboxState, _ error: MailProviderError) async throws {
        guard try await services.mailboxes.markPushLapsed(mailbox.integrationId) else { return }
        let fix = mailbox.provider == "gmail"
            ? "Check that the Pub/Sub topic exists and that gmail-api-push@system.gserviceaccount.com may publish to it (FLOWORX_GMAIL_PUBSUB_TOPIC)."
            : "Check that FLOWORX_GRAPH_NOTIFICATION_URL is reachable from Microsoft over HTTPS and answers the validation request."
        try await services.integrations.recordError(
            clientId: mailbox.clientId, type: "mailbox_push_lapsed",
            message: "New mail in \(mailbox.address ?? "the mailbox") now arrives by polling (every \(services.configuration.pollInterval.components.seconds) s) because push could not be renewed: \(error.description). \(fix)",
            severity: "medium", contextJSON: jsonObject(["integration_id": mailbox.integrationId.uuidString.lowercased(), "provider": mailbox.provider])
        )
    }
}
