import Foundation
import PostgresNIO

/// The fair claim (`EmailQueue.claimQuery`), prepared by name on each connection: a worker runs it every batch.
struct ClaimJobs: FixedStatement {
    static let name = "floworx_claim_email_jobs"
    static let sql = EmailQueue.claimQuery(start: UUID(), limit: 0, perClient: 0).sql
    let query: PostgresQuery
}

/// The completion without results (`EmailQueue.completeWithoutResultsQuery`), prepared by name on each connection.
struct CompleteWithoutResults: FixedStatement {
    static let name = "floworx_complete_email_jobs_without_results"
    static let sql = EmailQueue.completeWithoutResultsQuery(ids: [], tokens: []).sql
    let query: PostgresQuery
}
