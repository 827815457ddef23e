import FloWorxCore
import Foundation

/// An email to queue: the email log row and the queue row made for it.
public struct NewEmail: Sendable {
    public var clientId: UUID
    public var messageId: String
    public var fromEmail: String
    public var toEmail: String
    public var subject: String
    public var body: String
    /// The normalized message (`email_data`) as JSON text.
    public var emailDataJSON: String
    /// Higher is claimed first.
    public var priority: Int
    /// The connected mailbox it came from; set, the pipeline's completion queues the write-back (labels, draft).
    public var integrationId: UUID?

    public init(clientId: UUID, messageId: String, fromEmail: String, toEmail: String, subject: String, body: String, emailDataJSON: String, priority: Int = 1, integrationId: UUID? = nil) {
        self.integrationId = integrationId
        self.clientId = clientId
        self.messageId = messageId
        self.fromEmail = fromEmail
        self.toEmail = toEmail
        self.subject = subject
        self.body = body
        self.emailDataJSON = emailDataJSON
        self.priority = priority
    }
}

/// What ingestion did with one message.
public struct IngestedEmail: Sendable, Hashable {
    public var clientId: UUID
    public var messageId: String
    public var emailLogId: UUID
    /// The queue job, when the message was new.
    public var queueId: UUID?
    /// The email log's status (`pending` when new).
    public var status: String
    /// Whether this call created it (false: a redelivery of a known message).
    public var created: Bool
}

/// A job a worker holds.
public struct ClaimedJob: Sendable, Hashable {
    public var id: UUID
    public var clientId: UUID
    /// The email log the job processes.
    public var emailLogId: UUID?
    /// Set when the job replays a dead letter.
    public var deadLetterId: UUID?
    public var emailDataJSON: String
    /// Attempts made before this one.
    public var retryCount: Int
    public var priority: Int
    /// The row version the claim wrote (`xmin`): every later write is fenced on it, so a worker whose lease was
    /// taken over can no longer complete or fail the job.
    public var token: String
    /// The business's active workflow version when the job was claimed (`nil`: it has none yet): the version that
    /// processes the email, whatever is activated meanwhile.
    public var workflowId: UUID? = nil
    public var workflowVersion: Int? = nil
}

/// The results of a processed job, written together with its completion.
public struct JobCompletion: Sendable {
    public var job: ClaimedJob
    /// `processed` or `escalated`.
    public var finalStatus: String
    public var draft: DraftReply?
    /// `(event_type, event_data JSON)`.
    public var events: [(type: String, dataJSON: String)]
    /// `(metric_type, value)`.
    public var metrics: [(type: String, value: Double)]
    /// Outbox rows (alerts, forwards): written only if the completion is, so a notification exists exactly when
    /// the email's job committed.
    public var notifications: [PlannedNotification]
    /// The first-response timer the email starts (`SLAPolicy.timer`); written only if the completion is.
    public var slaTimer: SLATimerStart?
    /// The workflow version that processed the email: recorded on the email log and added to its totals.
    public var workflow: WorkflowRun?
    /// Jobs the workflow's custom steps queue (`workflow.webhook`, `workflow.forward`); written only if the completion is.
    public var jobs: [NewJob]

    public init(
        job: ClaimedJob, finalStatus: String, draft: DraftReply?, events: [(type: String, dataJSON: String)], metrics: [(type: String, value: Double)],
        notifications: [PlannedNotification] = [], slaTimer: SLATimerStart? = nil, workflow: WorkflowRun? = nil, jobs: [NewJob] = []
    ) {
        self.workflow = workflow
        self.jobs = jobs
        self.notifications = notifications
        self.slaTimer = slaTimer
        self.job = job
        self.finalStatus = finalStatus
        self.draft = draft
        self.events = events
        self.metrics = metrics
    }
}

/// Why a job failed.
public struct JobFailure: Sendable {
    /// A short stable kind, e.g. `invalid_email_data`, `ai_provider_unavailable`, `lease_expired`.
    public var type: String
    public var message: String
    /// Whether trying again may help.
    public var retryable: Bool

    public init(type: String, message: String, retryable: Bool) {
        self.type = type
        self.message = message
        self.retryable = retryable
    }
}

/// A row of `dead_letter_queue`.
public struct DeadLetter: Sendable, Hashable {
    public var id: UUID
    public var clientId: UUID?
    public var operationType: String
    public var errorMessage: String
    public var retryCount: Int
    public var status: String
    public var createdAt: Date
}
