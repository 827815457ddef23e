import Foundation

/// The custom-step jobs of a batch of completions as column arrays, for `floworx.queue_workflow_jobs` (migration 0040).
struct WorkflowJobColumns {
    var jobs: [UUID] = [], kinds: [String] = [], payloads: [String] = [], keys: [String] = [], clients: [UUID] = [], attempts: [Int] = []

    /// Adds `newJob`, queued by the completion of `job`.
    mutating func append(_ newJob: NewJob, job: ClaimedJob) {
        jobs.append(job.id)
        kinds.append(newJob.kind)
        payloads.append(newJob.payloadJSON)
        keys.append(newJob.dedupeKey ?? "")
        clients.append(newJob.clientId ?? job.clientId)
        attempts.append(newJob.maxAttempts)
    }
}
