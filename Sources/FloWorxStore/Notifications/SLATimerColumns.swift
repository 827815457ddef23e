import FloWorxCore
import Foundation

/// The SLA timers of a batch of completions as column arrays, for one `unnest` insert (`EmailQueue.complete`, and
/// `SLATimerRepository.start`).
struct SLATimerColumns {
    var jobs: [UUID] = [], logs: [UUID] = [], clients: [UUID] = [], started: [Double] = [], due: [Double] = []
    var minutes: [Int] = [], categories: [String] = [], threads: [String] = []

    var isEmpty: Bool { logs.isEmpty }

    /// Adds the timer of email `emailLogId` of `clientId`, written if job `jobId` completes.
    mutating func append(_ timer: SLATimerStart, emailLogId: UUID, clientId: UUID, jobId: UUID) {
        jobs.append(jobId)
        logs.append(emailLogId)
        clients.append(clientId)
        started.append(timer.startedAt.timeIntervalSince1970)
        due.append(timer.dueAt.timeIntervalSince1970)
        minutes.append(timer.targetMinutes)
        categories.append(timer.category.rawValue)
        threads.append(timer.threadId ?? "")
    }

    /// Adds the timer of `job`'s email; a job without an email log starts none (the timer belongs to its email).
    mutating func append(_ timer: SLATimerStart, job: ClaimedJob) {
        guard let log = job.emailLogId else { return }
        append(timer, emailLogId: log, clientId: job.clientId, jobId: job.id)
    }
}
