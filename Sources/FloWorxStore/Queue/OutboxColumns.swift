import FloWorxCore
import Foundation

/// The outbox rows of a batch of completions as column arrays, for one `unnest` insert.
struct OutboxColumns {
    var jobs: [UUID] = [], clients: [UUID] = [], logs: [UUID] = [], kinds: [String] = [], channels: [String] = []
    var recipients: [String] = [], names: [String] = [], keys: [String] = [], contents: [String] = [], skips: [String] = []
    /// The W3C traceparent of each row's email job span ("" while tracing is off: one task-local read per row).
    var traces: [String] = []

    /// Adds `notification` of `job`; one without an email log is left out (an alert links to its email).
    mutating func append(_ notification: PlannedNotification, job: ClaimedJob) {
        guard let log = job.emailLogId else { return }
        jobs.append(job.id)
        clients.append(job.clientId)
        logs.append(log)
        kinds.append(notification.kind.rawValue)
        channels.append(notification.channel.rawValue)
        recipients.append(notification.recipient)
        names.append(notification.recipientName ?? "")
        keys.append(notification.dedupeKey)
        contents.append(notification.contentJSON)
        skips.append(notification.skipReason ?? "")
        traces.append(EmailTraceScope.current?.traceparent(of: job.id) ?? "")
    }
}
