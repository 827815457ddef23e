import ArgumentParser
import FloWorxCore
import FloWorxStore
import FloWorxWorker
import Foundation
import PostgresNIO

/// The noisy neighbour: one client's backlog (`--backlog` emails at `--backlog-priority`, queued up front), then the
/// workers start and another client sends one email every `--interval-ms` while the backlog drains. Reports that
/// other client's enqueue-to-processed latency (the database's `processed_at` minus `created_at`) with plain claims
/// (priority then age across clients, as before 0023) and with fair claims (clients take turns), one after the
/// other on fresh clients of the same database.
struct Neighbour: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure another client's latency behind one client's backlog, plain vs fair claims.")

    @OptionGroup var database: BenchDatabase
    @Option(help: "Emails of the noisy client queued before the workers start.") var backlog = 10_000
    @Option(help: "Their priority (a tenant could set 100 before the cap).") var backlogPriority = 100
    @Option(help: "Milliseconds between two emails of the other client.") var intervalMs = 50
    @Option(help: "Worker loops.") var workers = 2
    @Option(help: "Jobs per claim.") var batch = 50

    func run() async throws {
        var results: [String: Any] = ["backlog": backlog, "backlog_priority": backlogPriority, "workers": workers, "batch": batch, "interval_ms": intervalMs]
        for fair in [false, true] {
            results[fair ? "fair" : "plain"] = try await measure(fair: fair)
        }
        report(results)
    }

    /// One measurement: a fresh pair of clients, the backlog, the workers with `fair` claims, the other client's trickle.
    func measure(fair: Bool) async throws -> [String: Double] {
        let backlog = self.backlog, priority = self.backlogPriority, interval = Duration.milliseconds(intervalMs)
        let workers = self.workers, batch = self.batch, logger = database.logger
        return try await database.withDatabase(connections: workers + 4) { db, info in
            try await db.service.query("DELETE FROM public.email_queue")
            let mailbox = try await BenchMailbox.load(into: db)
            let run = String(UUID().uuidString.prefix(8).lowercased())
            let noisy = mailbox.clients[0], other = mailbox.clients[1]
            let ingest = EmailIngestRepository(database: db.service)
            // The noisy client's backlog: mailbox messages (all of the same client), at the high priority.
            let templates = mailbox.messages.indices.filter { mailbox.messages[$0].0 == 0 }
            var emails: [NewEmail] = []
            for n in 0..<backlog {
                var email = try mailbox.email(templates[n % templates.count], run: "\(run)-noisy-\(n)")
                email.priority = priority
                emails.append(email)
            }
            for chunk in stride(from: 0, to: emails.count, by: 500) {
                _ = try await ingest.ingest(Array(emails[chunk..<min(chunk + 500, emails.count)]))
            }
            try await db.service.query("ANALYZE public.email_queue")
            var configuration = WorkerConfiguration(concurrency: workers, batchSize: batch)
            configuration.cleanupInterval = .seconds(3600)
            configuration.queue.fairClaims = fair
            let service = try EmailWorkerService(database: db, listenConnection: info, provider: BuiltInComposer(), configuration: configuration, logger: logger)
            let otherTemplates = mailbox.messages.indices.filter { mailbox.messages[$0].0 == 1 }
            let start = ContinuousClock.now
            let worker = Task { try await service.run() }
            // The other client's emails, one every `interval`, until the backlog is drained (at least 10 of them).
            var sent = 0
            while true {
                let email = try mailbox.email(otherTemplates[sent % otherTemplates.count], run: "\(run)-other-\(sent)")
                _ = try await ingest.ingest([email])
                sent += 1
                try await Task.sleep(until: start + interval * sent, clock: .continuous)
                let left = try await db.service.query("""
                    SELECT count(*)::int FROM public.email_logs WHERE client_id = \(noisy) AND status = 'pending'
                    """).collect().first!.decode(Int.self)
                if left == 0 && sent >= 10 { break }
            }
            let drained = seconds(since: start)
            while try await db.service.query("""
                SELECT count(*)::int FROM public.email_logs WHERE client_id = \(other) AND status = 'pending'
                """).collect().first!.decode(Int.self) > 0 {
                try await Task.sleep(for: .milliseconds(20))
            }
            worker.cancel()
            _ = try? await worker.value
            let row = try await db.service.query("""
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), max(ms)::float8, count(*)::int
                FROM (SELECT (extract(epoch FROM processed_at - created_at) * 1000)::float8 AS ms FROM public.email_logs
                      WHERE client_id = \(other)) latencies
                """).collect().first!.decode((Double, Double, Double, Int).self)
            return [
                "other_p50_ms": row.0, "other_p99_ms": row.1, "other_max_ms": row.2, "other_emails": Double(row.3),
                "backlog_drain_seconds": drained, "backlog_emails_per_s": Double(backlog) / drained,
            ]
        }
    }
}
