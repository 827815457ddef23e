import Foundation
import PostgresNIO

/// How much work waits in one queue: the emails of `email_queue`, or one kind of service job.
public struct QueueDepth: Sendable, Hashable {
    /// `email` for `email_queue`, otherwise the service job's kind (a short, fixed vocabulary: never a tenant id).
    public var queue: String
    /// `pending` or `processing`; finished rows are not counted (they only grow).
    public var status: String
    public var count: Int
    /// Seconds since the oldest pending row became due (0 when none is due).
    public var oldestDueSeconds: Double
}

/// Reads queue depths for the metrics endpoint: one statement over the partial and status indexes, so a scrape costs
/// the same however many finished rows the tables hold.
public struct QueueDepthReader: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Pending and processing rows per queue, with the age of the oldest due one.
    public func read() async throws -> [QueueDepth] {
        let rows = try await database.query("""
            SELECT 'email', status, count(*)::int8,
                   coalesce(extract(epoch FROM now() - min(scheduled_for) FILTER (WHERE status = 'pending' AND scheduled_for <= now())), 0)::float8
            FROM public.email_queue WHERE status IN ('pending', 'processing') GROUP BY status
            UNION ALL
            SELECT kind, status, count(*)::int8,
                   coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE status = 'pending' AND run_at <= now())), 0)::float8
            FROM floworx.jobs WHERE status IN ('pending', 'processing') GROUP BY kind, status
            """)
        var depths: [QueueDepth] = []
        for try await (queue, status, count, age) in rows.decode((String, String, Int, Double).self) {
            depths.append(QueueDepth(queue: queue, status: status, count: count, oldestDueSeconds: max(0, age)))
        }
        return depths
    }
}
