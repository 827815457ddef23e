import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging
import Metrics

/// Delivers outbox rows (`notification.deliver` jobs, queued by the trigger on `floworx.notifications`).
///
/// A row is sent at most once per successful attempt: it moves from `pending` to `sent` after the provider accepted
/// it, so a worker killed between the two sends it again on the job's next attempt, with the same Message-ID (email)
/// or the same tag (push), which is how a duplicate stays recognisable. Transient failures retry with backoff; a
/// permanent one, or the last attempt, fails the row with an `error_logs` row. Before sending, the per-recipient rate
/// limit may suppress it into one summary per window; critical alerts are never held back.
public struct NotificationDeliveryHandler: JobHandler {
    public static let kind = "notification.deliver"

    /// Delivery settings.
    public struct Configuration: Sendable, Hashable {
        /// Notifications per recipient and channel within `rateWindow` before the rest are summarised.
        public var rateLimit: Int = 6
        public var rateWindow: Duration = .seconds(900)
        /// The domain of the Message-IDs FloWorx gives its mail.
        public var messageIdDomain: String = "floworx.local"

        public init() {}
    }

    let repository: NotificationRepository
    let transports: NotificationTransports
    let renderer: AlertRenderer
    let configuration: Configuration
    let logger: Logger

    public init(repository: NotificationRepository, transports: NotificationTransports, renderer: AlertRenderer, configuration: Configuration = Configuration(), logger: Logger) {
        self.repository = repository
        self.transports = transports
        self.renderer = renderer
        self.configuration = configuration
        self.logger = logger
    }

    public var kinds: [String] { [Self.kind] }

    public func run(_ job: ServiceJob) async throws {
        guard let id = Self.notificationId(job.payloadJSON), let notification = try await repository.load(id) else {
            throw JobError(.fail, "the job names no notification that exists")
        }
        guard notification.status == "pending" else { return }
        var content = AlertContent(json: notification.content, fallbackKind: notification.kind)

        switch notification.kind {
        case .summary:
            let windowEnd = notification.createdAt.addingTimeInterval(configuration.rateWindow.fractionalSeconds)
            let wait = windowEnd.timeIntervalSinceNow
            if wait > 0 { throw JobError(.postpone(.milliseconds(Int64(wait * 1000) + 50)), "a summary waits for the end of its window") }
            let held = try await repository.suppressed(recipient: notification.recipient, channel: notification.channel,
                                                       since: notification.createdAt.addingTimeInterval(-configuration.rateWindow.fractionalSeconds))
            content = summary(of: held, business: content.business)
        case .escalation, .forward, .slaBreach:
            if content.urgency != "critical",
               try await repository.suppressIfOverLimit(notification, limit: configuration.rateLimit, window: configuration.rateWindow,
                                                        summaryKey: summaryKey(notification), summaryContent: "{\"kind\":\"summary\"}")
            {
                logger.info("notification held back by the rate limit", metadata: ["notification": "\(notification.id)", "channel": "\(notification.channel.rawValue)"])
                return
            }
        case .digest:
            break
        }

        guard let transport = transports[notification.channel] else {
            try await repository.finish(notification, status: "skipped", reason: "no \(notification.channel.rawValue) provider is configured")
            Self.count(notification, "skipped")
            return
        }
        do {
            // Tracing on and the alert from a traced email: a client span of the delivery job's span.
            let providerId = try await ChildSpan.run(
                EmailTraceKeys.notificationSend,
                attributes: [("floworx.notification.channel", notification.channel.rawValue), ("floworx.notification.kind", notification.kind.rawValue)]
            ) { try await transport.send(notification, content: content) }
            try await repository.markSent(notification.id, providerMessageId: providerId)
            Self.count(notification, "sent")
        } catch let failure as NotificationTransportFailure {
            try await handle(failure, notification, job)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try await handle(NotificationTransportFailure(retryable: true, message: "\(error)"), notification, job)
        }
    }

    private func handle(_ failure: NotificationTransportFailure, _ notification: StoredNotification, _ job: ServiceJob) async throws {
        if failure.skip {
            try await repository.finish(notification, status: "skipped", reason: failure.message)
            Self.count(notification, "skipped")
            return
        }
        if !failure.retryable || job.attempts >= job.maxAttempts {
            let reason = failure.retryable ? "gave up after \(job.attempts) attempts: \(failure.message)" : failure.message
            try await repository.finish(notification, status: "failed", reason: reason, errorType: "notification_failed")
            Self.count(notification, "failed")
            logger.warning("notification failed", metadata: ["notification": "\(notification.id)", "channel": "\(notification.channel.rawValue)", "reason": "\(reason)"])
            throw JobError(.fail, reason)
        }
        try await repository.markAttempt(notification.id, error: failure.message)
        Self.count(notification, "retried")
        throw JobError(.retry(after: failure.retryAfter), failure.message)
    }

    /// `floworx_notifications_total{channel, outcome}` (issue 14's metrics): `sent`, `failed` (for good), `retried`
    /// (a transient failure, tried again later), `skipped` (no provider or nobody to reach on the channel).
    static func count(_ notification: StoredNotification, _ outcome: String) {
        Counter(label: "floworx_notifications_total", dimensions: [("channel", notification.channel.rawValue), ("outcome", outcome)]).increment()
    }

    /// One summary row per recipient, channel and window.
    private func summaryKey(_ notification: StoredNotification) -> String {
        let bucket = Int(Date().timeIntervalSince1970 / max(configuration.rateWindow.fractionalSeconds, 1))
        return "summary:\(notification.channel.rawValue):\(notification.recipient):\(bucket)"
    }

    /// The summary of the notifications the rate limit held back.
    private func summary(of held: [StoredNotification], business: String?) -> AlertContent {
        var lines = ["FloWorx held back \(held.count) alert\(held.count == 1 ? "" : "s") to avoid flooding you. In order:"]
        for row in held {
            let item = AlertContent(json: row.content, fallbackKind: row.kind)
            let what = [item.urgency?.uppercased(), item.category, item.subject.map { "“\($0)”" }, item.sender.map { "from \($0)" }]
                .compactMap { $0 }.joined(separator: " ")
            lines.append("- " + (what.isEmpty ? row.kind.rawValue : what) + (item.link.map { " — \(renderer.baseURL ?? "")\($0)" } ?? ""))
        }
        let subject = "[FloWorx] \(held.count) more alert\(held.count == 1 ? "" : "s")" + (business.map { " for \($0)" } ?? "")
        return AlertContent(json: ["kind": .string("summary"), "subject": .string(subject), "text": .string(lines.joined(separator: "\n"))], fallbackKind: .summary)
    }

    static func notificationId(_ payload: String) -> UUID? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any],
              let text = object["notification_id"] as? String else { return nil }
        return UUID(uuidString: text)
    }
}
