import ArgumentParser
import FloWorxCore
import FloWorxStore
import FloWorxWorker
import Foundation
import PostgresNIO

/// Enqueue-to-processed latency at a steady offered rate: one email per statement every 1/rate seconds (open loop,
/// on schedule whatever the previous insert took), workers running; latency is the database's `processed_at` minus
/// the email log's `created_at` (both from the same clock, the server's).
struct Latency: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure p50/p99 enqueue-to-processed latency at a fixed offered rate.")

    @OptionGroup var database: BenchDatabase
    @Option(help: "Emails per second offered.") var rate = 100.0
    @Option(help: "Seconds of load.") var duration = 30.0
    @Option(help: "Worker loops.") var workers = 2

    func run() async throws {
        let rate = self.rate, duration = self.duration, workers = self.workers
        try await database.withDatabase(connections: workers + 8) { db, info in
            try await db.service.query("DELETE FROM public.email_queue")
            let mailbox = try await BenchMailbox.load(into: db)
            let run = String(UUID().uuidString.prefix(8).lowercased())
            let service = try EmailWorkerService(
                database: db, listenConnection: info, provider: BuiltInComposer(),
                configuration: WorkerConfiguration(concurrency: workers, batchSize: 50), logger: database.logger
            )
            let worker = Task { try await service.run() }
            try await Task.sleep(for: .milliseconds(500))
            let ingest = EmailIngestRepository(database: db.service)
            let total = Int(rate * duration)
            let interval = Duration.milliseconds(Int64(1000 / rate))
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<total {
                    try await Task.sleep(until: start + interval * n, clock: .continuous)
                    let email = try mailbox.email(n, run: run)
                    group.addTask { _ = try await ingest.ingest([email]) }
                }
                try await group.waitForAll()
            }
            let offered = Double(total) / seconds(since: start)
            let clients = mailbox.clients
            while try await db.service.query("""
                SELECT count(*)::int FROM public.email_logs WHERE client_id = ANY(\(clients)::uuid[]) AND status = 'pending'
                """).collect().first!.decode(Int.self) > 0 {
                try await Task.sleep(for: .milliseconds(50))
            }
            worker.cancel()
            _ = try? await worker.value
            let row = try await db.service.query("""
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), max(ms)::float8, count(*)::int
                FROM (SELECT (extract(epoch FROM processed_at - created_at) * 1000)::float8 AS ms FROM public.email_logs
                      WHERE client_id = ANY(\(clients)::uuid[])) latencies
                """).collect().first!.decode((Double, Double, Double, Int).self)
            report(["rate_offered": offered, "emails": row.3, "p50_ms": row.0, "p99_ms": row.1, "max_ms": row.2, "workers": workers])
        }
    }
}
