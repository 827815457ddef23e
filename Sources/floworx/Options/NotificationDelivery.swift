import AsyncHTTPClient
import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import FloWorxWorker
import Foundation
import Logging
import ServiceLifecycle

/// The notification delivery workers (issue 11) and their channels, from the environment:
/// - email: `FLOWORX_SMTP_*` (or, in the demo, the local SMTP server);
/// - SMS: `FLOWORX_TWILIO_*` and `FLOWORX_SMS_*`;
/// - web push: `FLOWORX_VAPID_PRIVATE_KEY` and `FLOWORX_VAPID_SUBJECT`;
/// - flood control: `FLOWORX_ALERT_RATE_LIMIT` (default 6) notifications per recipient and channel per
///   `FLOWORX_ALERT_RATE_WINDOW_SECONDS` (default 900), the rest summarised (critical alerts always go out);
/// - links in alerts: `FLOWORX_PUBLIC_URL`.
/// A channel without settings is off: its notifications are recorded as skipped with the reason.
struct NotificationDelivery {
    var transports: NotificationTransports
    var configuration: NotificationDeliveryHandler.Configuration
    var renderer: AlertRenderer
    /// The delivery loops: `FLOWORX_NOTIFICATION_CONCURRENCY` (default 8) and `FLOWORX_NOTIFICATION_LEASE_SECONDS`
    /// (default 60, how long a claimed delivery is held before another worker may take it over).
    var jobs: JobWorkerConfiguration
    /// Which channels are configured, for the startup log.
    var channels: [String]

    /// Reads the settings; `demoSMTP` is the demo's local SMTP server, used when `FLOWORX_SMTP_HOST` is not set.
    static func fromEnvironment(database: Database, publicURL: String?, demoSMTP: SMTPConfiguration? = nil, logger: Logger) throws -> NotificationDelivery {
        let environment = ProcessInfo.processInfo.environment
        let renderer = AlertRenderer(baseURL: publicURL)
        var configuration = NotificationDeliveryHandler.Configuration()
        configuration.rateLimit = try Environment.int("FLOWORX_ALERT_RATE_LIMIT", range: 1...10_000) ?? configuration.rateLimit
        configuration.rateWindow = try Environment.seconds("FLOWORX_ALERT_RATE_WINDOW_SECONDS", range: 1...86_400) ?? configuration.rateWindow
        var transports = NotificationTransports()
        var channels: [String] = []
        if let smtp = try SMTPConfiguration.fromEnvironment(environment) ?? demoSMTP {
            configuration.messageIdDomain = smtp.from.domain.isEmpty ? configuration.messageIdDomain : smtp.from.domain
            transports.email = EmailNotificationTransport(client: SMTPClient(configuration: smtp, logger: logger), renderer: renderer,
                                                          messageIdDomain: configuration.messageIdDomain)
            channels.append("email")
        }
        if let twilio = try TwilioConfiguration.fromEnvironment(environment, publicURL: publicURL) {
            transports.sms = SMSNotificationTransport(client: TwilioClient(configuration: twilio), settings: try SMSSettings.fromEnvironment(environment), renderer: renderer)
            channels.append("sms")
        }
        if let push = try WebPushConfiguration.fromEnvironment(environment) {
            transports.push = PushNotificationTransport(client: WebPushClient(client: .shared, configuration: push),
                                                        subscriptions: PushSubscriptionRepository(database: database.service), renderer: renderer)
            channels.append("push")
        }
        var jobs = JobWorkerConfiguration()
        jobs.concurrency = try concurrency()
        jobs.lease = try Environment.seconds("FLOWORX_NOTIFICATION_LEASE_SECONDS", range: 1...3600) ?? .seconds(60)
        jobs.batchSize = 4
        return NotificationDelivery(transports: transports, configuration: configuration, renderer: renderer, jobs: jobs, channels: channels)
    }

    /// The delivery loops per process (`FLOWORX_NOTIFICATION_CONCURRENCY`, default 8); the database pool makes room
    /// for them.
    static func concurrency() throws -> Int {
        try Environment.int("FLOWORX_NOTIFICATION_CONCURRENCY", range: 1...256) ?? 8
    }

    /// The delivery workers: `notification.deliver` jobs claimed from `floworx.jobs`.
    func services(database: Database, listen: DatabaseConnectionInfo, logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        logger.info("notification channels", metadata: ["configured": "\(channels.isEmpty ? "none" : channels.joined(separator: ", "))"])
        let handler = NotificationDeliveryHandler(
            repository: NotificationRepository(database: database.service), transports: transports, renderer: renderer,
            configuration: configuration, logger: logger)
        let workers = JobWorkerService(queue: JobQueue(database: database.service), handler: handler, listenConnection: listen, configuration: jobs, logger: logger)
        return [.init(service: workers)]
    }
}
