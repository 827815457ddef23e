import FloWorxCore
import FloWorxStore
import Foundation
import Logging
import ServiceLifecycle

/// Queues the periodic mailbox work: a sync of every mailbox whose push is not working (every `pollInterval`) or
/// whose last sync is older than `safetyPollInterval` (push can drop a notification), push renewals before they
/// expire, and, for Outlook, a look at what the owner did every `ownerScanInterval`. Every job is deduplicated per mailbox, so any number of processes may run the scheduler.
public struct MailboxScheduler: Service {
    let mailboxes: MailboxRepository
    let queue: JobQueue
    let configuration: MailboxConfiguration
    let logger: Logger
    /// How often the scheduler looks.
    public var tick: Duration = .seconds(15)
    /// Even with push, a mailbox is synced at least this often.
    public var safetyPollInterval: Duration = .seconds(900)

    public init(database: ServiceDatabase, configuration: MailboxConfiguration, logger: Logger) {
        mailboxes = MailboxRepository(database: database)
        queue = JobQueue(database: database)
        self.configuration = configuration
        self.logger = logger
        tick = min(tick, configuration.pollInterval)
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do { try await schedule() } catch { logger.warning("mailbox scheduling failed", metadata: ["error": "\(PostgresErrorText.describe(error))"]) }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
        }
    }

    /// One look: returns the jobs queued.
    @discardableResult
    public func schedule(now: Date = Date()) async throws -> Int {
        var jobs: [NewJob] = []
        for mailbox in try await mailboxes.activeMailboxes() {
            let key = mailbox.integrationId.uuidString.lowercased()
            let pushConfigured = mailbox.provider == "gmail" ? configuration.gmailTopic != nil : configuration.graphNotificationURL != nil
            let pushWorking = pushConfigured && (mailbox.pushExpiresAt.map { $0 > now } ?? false)
            let interval = pushWorking ? safetyPollInterval : configuration.pollInterval
            if mailbox.lastSyncAt.map({ now.timeIntervalSince($0) >= Self.seconds(interval) }) ?? true {
                jobs.append(NewJob(kind: MailboxJobKind.sync, dedupeKey: key, integrationId: mailbox.integrationId, clientId: mailbox.clientId))
            }
            if mailbox.provider == "outlook" {
                // Queued to run one interval from now; while one waits, the dedupe key keeps out the next.
                let due = now.addingTimeInterval(Self.seconds(configuration.ownerScanInterval))
                jobs.append(NewJob(kind: MailboxJobKind.owner, dedupeKey: key, integrationId: mailbox.integrationId, clientId: mailbox.clientId, runAt: due))
            }
            if pushConfigured && needsRenewal(mailbox, now: now) && mailbox.pushLapsedAt.map({ now.timeIntervalSince($0) > 3_600 }) ?? true {
                jobs.append(NewJob(kind: MailboxJobKind.renew, dedupeKey: key, integrationId: mailbox.integrationId, clientId: mailbox.clientId, maxAttempts: 5))
            }
        }
        return try await queue.enqueue(jobs).count
    }

    /// Gmail watches are renewed every `watchRenewal` (they last 7 days); Graph subscriptions `subscriptionRenewBefore`
    /// their expiry.
    func needsRenewal(_ mailbox: MailboxState, now: Date) -> Bool {
        guard let expires = mailbox.pushExpiresAt else { return true }
        let margin = mailbox.provider == "gmail"
            ? 7 * 86_400 - Self.seconds(configuration.watchRenewal)
            : Self.seconds(configuration.subscriptionRenewBefore)
        return expires.timeIntervalSince(now) < margin
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
