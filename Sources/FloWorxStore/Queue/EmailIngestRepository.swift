import Foundation
import PostgresNIO

/// Ingestion: one email log row and one queue job per new message, in one statement per batch.
///
/// The pair (client, provider message id) is unique in `email_logs`, so a redelivered message is recognised and
/// answered with its existing record; it is never queued twice, even when two deliveries race.
public struct EmailIngestRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Ingests a batch; the result has one entry per distinct (client, message id), in input order.
    public func ingest(_ emails: [NewEmail]) async throws -> [IngestedEmail] {
        var seen = Set<String>()
        let unique = emails.filter { seen.insert("\($0.clientId)|\($0.messageId)").inserted }
        guard !unique.isEmpty else { return [] }
        // Tracing on: one ingestion span per email, its traceparent written into the job (EmailIngestTrace).
        let trace = EmailTracing.tracer.map { EmailIngestTrace(tracer: $0, emails: unique) }
        do {
            let results = try await ingestRetrying(unique, traceparents: trace?.traceparents ?? [])
            trace?.end(results, error: nil)
            return results
        } catch {
            trace?.end([], error: error)
            throw error
        }
    }

    private func ingestRetrying(_ unique: [NewEmail], traceparents: [String]) async throws -> [IngestedEmail] {
        // Rows are inserted in key order, so two deliveries of overlapping messages take their unique-index locks in
        // the same order and cannot deadlock; a deadlock from elsewhere is still retried, the statement is idempotent.
        for _ in 1..<3 {
            do {
                return try await ingestOnce(unique, traceparents: traceparents)
            } catch let error as PSQLError where Self.isTransient(error) {
                continue
            }
        }
        return try await ingestOnce(unique, traceparents: traceparents)
    }

    static func isTransient(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    /// `traceparents` is empty when tracing is off (unnest pads it with NULLs), else one per email.
    private func ingestOnce(_ unique: [NewEmail], traceparents: [String]) async throws -> [IngestedEmail] {
        let rows = try await database.query("""
            WITH input AS (
              SELECT * FROM unnest(\(unique.map(\.clientId))::uuid[], \(unique.map(\.messageId))::text[], \(unique.map(\.fromEmail))::text[],
                                   \(unique.map(\.toEmail))::text[], \(unique.map(\.subject))::text[], \(unique.map(\.body))::text[],
                                   \(unique.map(\.emailDataJSON))::text[], \(unique.map(\.priority))::int8[],
                                   \(unique.map { $0.integrationId?.uuidString ?? "" })::text[], \(traceparents)::text[])
                AS i(client_id, message_id, from_email, to_email, subject, body, email_data, priority, integration_id, traceparent)
            ), logs AS (
              INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, subject, body, status)
              SELECT client_id, message_id, from_email, to_email, subject, body, 'pending' FROM input
              ORDER BY client_id, message_id
              ON CONFLICT (client_id, message_id) DO NOTHING
              RETURNING id, client_id, message_id
            ), jobs AS (
              INSERT INTO public.email_queue (client_id, email_data, priority)
              SELECT i.client_id,
                     i.email_data::jsonb || jsonb_build_object('email_log_id', l.id) || jsonb_strip_nulls(jsonb_build_object('integration_id', nullif(i.integration_id, '')::uuid, 'traceparent', i.traceparent)),
                     i.priority
              FROM logs l JOIN input i ON i.client_id = l.client_id AND i.message_id = l.message_id
              RETURNING id, client_id, email_data->>'message_id' AS message_id
            )
            SELECT l.client_id, l.message_id, l.id, j.id, 'pending', true
            FROM logs l LEFT JOIN jobs j ON j.client_id = l.client_id AND j.message_id = l.message_id
            UNION ALL
            SELECT e.client_id, e.message_id, e.id, NULL, e.status, false
            FROM public.email_logs e JOIN input i ON e.client_id = i.client_id AND e.message_id = i.message_id
            """)
        var results: [String: IngestedEmail] = [:]
        for try await (client, message, log, queue, status, created) in rows.decode((UUID, String, UUID, UUID?, String, Bool).self) {
            let key = "\(client)|\(message)"
            // A message both inserted now and visible as existing cannot happen (the scan sees the snapshot before
            // the insert); prefer the created record if it ever did.
            if results[key]?.created == true { continue }
            results[key] = IngestedEmail(clientId: client, messageId: message, emailLogId: log, queueId: queue, status: status, created: created)
        }
        let missing = unique.filter { results["\($0.clientId)|\($0.messageId)"] == nil }
        if !missing.isEmpty {
            // Inserted by a concurrent delivery that committed after this statement's snapshot: read them now.
            let again = try await database.query("""
                SELECT e.client_id, e.message_id, e.id, e.status
                FROM public.email_logs e
                JOIN unnest(\(missing.map(\.clientId))::uuid[], \(missing.map(\.messageId))::text[]) AS i(client_id, message_id)
                  ON e.client_id = i.client_id AND e.message_id = i.message_id
                """)
            for try await (client, message, log, status) in again.decode((UUID, String, UUID, String).self) {
                results["\(client)|\(message)"] = IngestedEmail(clientId: client, messageId: message, emailLogId: log, queueId: nil, status: status, created: false)
            }
        }
        return unique.compactMap { results["\($0.clientId)|\($0.messageId)"] }
    }

    /// Which of these provider message ids the client already has (a sync skips fetching them again).
    public func known(clientId: UUID, messageIds: [String]) async throws -> Set<String> {
        guard !messageIds.isEmpty else { return [] }
        let rows = try await database.query("""
            SELECT message_id FROM public.email_logs WHERE client_id = \(clientId) AND message_id = ANY(\(messageIds)::text[])
            """)
        var known = Set<String>()
        for try await id in rows.decode(String.self) { known.insert(id) }
        return known
    }

    /// Queues jobs directly, without email logs (benchmarks and tools); returns how many were inserted.
    public func enqueueJobs(clientIds: [UUID], emailDataJSON: [String], priorities: [Int]) async throws -> Int {
        let rows = try await database.query("""
            INSERT INTO public.email_queue (client_id, email_data, priority)
            SELECT client_id, data::jsonb, priority
            FROM unnest(\(clientIds)::uuid[], \(emailDataJSON)::text[], \(priorities)::int8[]) AS i(client_id, data, priority)
            RETURNING 1
            """).collect()
        return rows.count
    }
}
