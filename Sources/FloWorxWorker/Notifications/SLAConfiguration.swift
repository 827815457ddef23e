/// Settings of the SLA checker (README, "SLA timers").
public struct SLAConfiguration: Sendable, Hashable {
    /// How often an `sla.check` job is queued (`FLOWORX_SLA_CHECK_INTERVAL_SECONDS`): a breach is alerted at most this
    /// long after its due time, plus the job queue's own latency.
    public var checkInterval: Duration = .seconds(60)
    /// Timers breached per statement; a check repeats until fewer are due.
    public var batchSize: Int = 200
    /// The link path of an email in the owner's web app, followed by the email log id.
    public var emailLinkPath: String = "/app/emails/"

    public init(checkInterval: Duration = .seconds(60), batchSize: Int = 200) {
        self.checkInterval = checkInterval
        self.batchSize = batchSize
    }
}
