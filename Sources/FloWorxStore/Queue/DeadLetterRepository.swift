import Foundation
import PostgresNIO

/// `dead_letter_queue`: listing failed emails and putting them back on the queue once the cause is fixed.
public struct DeadLetterRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Dead letters with one of `statuses`, oldest first.
    public func list(statuses: [String] = ["pending"], limit: Int = 100) async throws -> [DeadLetter] {
        let rows = try await database.query("""
            SELECT id, client_id, operation_type, error_message, coalesce(retry_count, 0), status, created_at
            FROM public.dead_letter_queue WHERE status = ANY(\(statuses)::text[])
            ORDER BY created_at LIMIT \(limit)
            """)
        var letters: [DeadLetter] = []
        for try await (id, client, type, message, retries, status, created) in rows.decode((UUID, UUID?, String, String, Int, String, Date).self) {
            letters.append(DeadLetter(id: id, clientId: client, operationType: type, errorMessage: message, retryCount: retries, status: status, createdAt: created))
        }
        return letters
    }

    /// What a replay did.
    public enum Replay: Sendable, Hashable {
        /// Queued again as this job.
        case queued(queueId: UUID)
        case notFound
        /// Only pending or abandoned dead letters can be replayed.
        case notReplayable(status: String)
        /// The dead letter's client no longer exists.
        case clientGone
    }

    /// Puts one dead letter back on the queue: a new job with the same email, the email log back to pending and
    /// the dead letter `processing` until the job completes (then `resolved`) or fails again (then `pending`).
    public func replay(_ id: UUID) async throws -> Replay {
        try await database.transaction { connection in
            let rows = try await connection.query("""
                SELECT status, client_id, operation_data->'email_data' IS NOT NULL
                FROM public.dead_letter_queue WHERE id = \(id) FOR UPDATE
                """).collect()
            guard let row = rows.first else { return .notFound }
            let (status, client, hasEmail) = try row.decode((String, UUID?, Bool).self)
            guard status == "pending" || status == "abandoned" else { return .notReplayable(status: status) }
            guard client != nil, hasEmail else { return .clientGone }
            let queued = try await connection.query("""
                WITH letter AS (
                  UPDATE public.dead_letter_queue SET status = 'processing' WHERE id = \(id)
                  RETURNING client_id, operation_data->'email_data' AS data
                ), job AS (
                  INSERT INTO public.email_queue (client_id, email_data, priority)
                  SELECT client_id, data || jsonb_build_object('dead_letter_id', \(id)::text), 1 FROM letter
                  RETURNING id, (email_data->>'email_log_id')::uuid AS log_id
                ), reset AS (
                  UPDATE public.email_logs SET status = 'pending' WHERE id = (SELECT log_id FROM job)
                )
                SELECT id FROM job
                """).collect()
            return .queued(queueId: try queued[0].decode(UUID.self))
        }
    }

    /// Replays every pending dead letter; returns what each replay did.
    public func replayAll(limit: Int = 10_000) async throws -> [(UUID, Replay)] {
        var results: [(UUID, Replay)] = []
        for letter in try await list(statuses: ["pending"], limit: limit) {
            results.append((letter.id, try await replay(letter.id)))
        }
        return results
    }

    /// Marks a dead letter abandoned (it will not be replayed by `replayAll`).
    public func abandon(_ id: UUID) async throws -> Bool {
        try await database.query("""
            UPDATE public.dead_letter_queue SET status = 'abandoned' WHERE id = \(id) AND status = 'pending' RETURNING 1
            """).collect().count == 1
    }
}
