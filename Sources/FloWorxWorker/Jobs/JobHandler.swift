import FloWorxStore

/// Runs the jobs of some kinds from `floworx.jobs`.
public protocol JobHandler: Sendable {
    /// The kinds this handler claims.
    var kinds: [String] { get }
    /// Runs one job. Returning completes it; throwing `JobError` retries, postpones or kills it as the error says;
    /// any other error is retried with backoff.
    func run(_ job: ServiceJob) async throws
}

/// How a job attempt failed, and what the queue should do about it.
public struct JobError: Error, Sendable, CustomStringConvertible {
    public enum Action: Sendable, Hashable {
        /// Count the attempt and retry with backoff (or after `after`, when longer).
        case retry(after: Duration?)
        /// Try again after the delay without counting an attempt (a budget wait, a Retry-After pause).
        case postpone(Duration)
        /// Give up now: the job is dead.
        case fail
    }

    public var action: Action
    public var message: String

    public init(_ action: Action, _ message: String) {
        self.action = action
        self.message = message
    }

    public var description: String { message }
}
