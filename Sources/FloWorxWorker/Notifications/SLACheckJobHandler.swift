import FloWorxStore
import Logging

/// Runs `sla.check` jobs: breaches every due pending SLA timer, a batch per statement (`SLATimerRepository.breachDue`:
/// the timer, the email's escalation, the `sla_breach` event and the breach notifications commit together), until
/// fewer than a batch are due. A crash between batches loses nothing: the timers not yet breached are still pending
/// and the next check takes them.
public struct SLACheckJobHandler: JobHandler {
    /// The job kind.
    public static let kind = "sla.check"

    let timers: SLATimerRepository
    let configuration: SLAConfiguration
    let logger: Logger
    public var kinds: [String] { [Self.kind] }

    public init(database: ServiceDatabase, configuration: SLAConfiguration = SLAConfiguration(), logger: Logger) {
        timers = SLATimerRepository(database: database)
        self.configuration = configuration
        self.logger = logger
    }

    public func run(_ job: ServiceJob) async throws {
        _ = try await check()
    }

    /// Breaches what is due now; returns the breaches.
    @discardableResult
    public func check() async throws -> [SLABreach] {
        var all: [SLABreach] = []
        while true {
            let batch = try await timers.breachDue(limit: configuration.batchSize, linkPath: configuration.emailLinkPath)
            all += batch
            for breach in batch {
                logger.info("SLA breached", metadata: [
                    "client": "\(breach.clientId)", "email_log": "\(breach.emailLogId)", "target_minutes": "\(breach.targetMinutes)",
                ])
            }
            if batch.count < configuration.batchSize { return all }
        }
    }
}
