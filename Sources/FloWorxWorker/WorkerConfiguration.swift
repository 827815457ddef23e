import FloWorxCore
import FloWorxStore

/// How the email workers run.
public struct WorkerConfiguration: Sendable {
    /// Worker loops per process; each claims and processes its own batches.
    public var concurrency: Int
    /// Jobs claimed per batch.
    public var batchSize: Int
    /// Drafts written at once within a batch (they may wait on an AI provider).
    public var draftConcurrency: Int
    /// How long an idle worker waits for a notification before looking anyway (jobs scheduled for later).
    public var pollInterval: Duration
    /// How often expired leases are reclaimed.
    public var reclaimInterval: Duration
    /// How often finished jobs are deleted.
    public var cleanupInterval: Duration
    /// How long client profiles are cached.
    public var profileTTL: Duration
    /// Retries, leases and retention.
    public var queue: QueueConfiguration
    /// The LLM second opinion on unsure triage results (docs/triage.md); `nil`, the default, never calls out.
    public var secondOpinion: SecondOpinionService.Configuration? = nil
    /// How escalation alerts and forwards are routed into the outbox (the sender window of flood control).
    public var notifications = NotificationPlanner()
    /// Plan limits enforced in the pipeline (issue 15, docs/billing.md); nil, the default, enforces none.
    public var billing: BillingEnforcement? = nil

    public init(
        concurrency: Int = 2, batchSize: Int = 50, draftConcurrency: Int = 8, pollInterval: Duration = .seconds(1),
        reclaimInterval: Duration = .seconds(15), cleanupInterval: Duration = .seconds(60), profileTTL: Duration = .seconds(30),
        queue: QueueConfiguration = QueueConfiguration()
    ) {
        self.concurrency = concurrency
        self.batchSize = batchSize
        self.draftConcurrency = draftConcurrency
        self.pollInterval = pollInterval
        self.reclaimInterval = reclaimInterval
        self.cleanupInterval = cleanupInterval
        self.profileTTL = profileTTL
        self.queue = queue
    }
}
