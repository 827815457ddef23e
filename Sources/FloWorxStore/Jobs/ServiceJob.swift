import Foundation

/// A job to queue on `floworx.jobs`.
public struct NewJob: Sendable, Hashable {
    /// What the job does (`mailbox.sync`, `mailbox.apply`...): workers claim by kind.
    public var kind: String
    /// The job's input, a JSON object.
    public var payloadJSON: String
    /// Jobs of one kind with the same key are one piece of work: while one waits, queuing another does nothing,
    /// and two never run at the same time.
    public var dedupeKey: String?
    public var integrationId: UUID?
    public var clientId: UUID?
    /// When it may run; nil: now.
    public var runAt: Date?
    public var maxAttempts: Int

    public init(kind: String, payloadJSON: String = "{}", dedupeKey: String? = nil, integrationId: UUID? = nil, clientId: UUID? = nil, runAt: Date? = nil, maxAttempts: Int = 10) {
        self.kind = kind
        self.payloadJSON = payloadJSON
        self.dedupeKey = dedupeKey
        self.integrationId = integrationId
        self.clientId = clientId
        self.runAt = runAt
        self.maxAttempts = maxAttempts
    }
}

/// A job a worker holds: its claim token fences every later write, so a worker whose lease ran out writes nothing.
public struct ServiceJob: Sendable, Hashable {
    public var id: UUID
    public var kind: String
    public var payloadJSON: String
    public var dedupeKey: String?
    public var integrationId: UUID?
    public var clientId: UUID?
    /// Attempts so far, this one included.
    public var attempts: Int
    public var maxAttempts: Int
    public var token: UUID

    /// Whether this is the last attempt: a failure now dead-letters the job.
    public var isLastAttempt: Bool { attempts >= maxAttempts }
}

/// How a failed attempt ended.
public enum JobFailureOutcome: Sendable, Hashable {
    /// Queued again, due at the date.
    case retrying(Date)
    /// Out of attempts (or not retryable): the job is dead.
    case dead
    /// The lease was lost: another worker owns the job now, nothing was written.
    case notOwned
}
