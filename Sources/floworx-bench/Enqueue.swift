import ArgumentParser
import FloWorxStore
import Foundation
import PostgresNIO

/// Enqueue rate: full ingestion (email log + queue job per message) in batches, and bare queue jobs.
struct Enqueue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure ingestion and enqueue rates.")

    @OptionGroup var database: BenchDatabase
    @Option(help: "Messages to ingest.") var emails = 20_000
    @Option(help: "Messages per statement.") var batch = 500

    func run() async throws {
        let emails = self.emails, batch = self.batch
        try await database.withDatabase(connections: 2) { db, _ in
            let mailbox = try await BenchMailbox.load(into: db)
            let run = UUID().uuidString.prefix(8).lowercased()
            let ingest = EmailIngestRepository(database: db.service)
            let prepared = try (0..<emails).map { try mailbox.email($0, run: String(run)) }
            var start = ContinuousClock.now
            for chunk in stride(from: 0, to: prepared.count, by: batch) {
                _ = try await ingest.ingest(Array(prepared[chunk..<min(chunk + batch, prepared.count)]))
            }
            let ingestSeconds = seconds(since: start)
            // Bare jobs: the queue alone, as a job queue benchmark measures it.
            let clients = (0..<emails).map { mailbox.clients[$0 % mailbox.clients.count] }
            let payload = #"{"noop": true}"#
            start = ContinuousClock.now
            for chunk in stride(from: 0, to: emails, by: batch) {
                let range = chunk..<min(chunk + batch, emails)
                _ = try await ingest.enqueueJobs(clientIds: Array(clients[range]), emailDataJSON: Array(repeating: payload, count: range.count), priorities: Array(repeating: 1, count: range.count))
            }
            let enqueueSeconds = seconds(since: start)
            try await db.service.query("DELETE FROM public.email_queue WHERE email_data ? 'noop'")
            try await db.service.query("DELETE FROM public.email_queue WHERE status = 'pending'")
            report([
                "emails": emails, "batch": batch,
                "ingest_per_s": Double(emails) / ingestSeconds,
                "enqueue_per_s": Double(emails) / enqueueSeconds,
            ])
        }
    }
}
