import ArgumentParser
import FloWorxCore
import FloWorxStore
import Foundation
import PostgresNIO

/// No-op drain: `workers` loops, each on its own connection, claim a batch and complete it until the queue is empty.
struct Drain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure how fast workers drain no-op jobs.")

    @OptionGroup var database: BenchDatabase
    @Option(help: "Jobs to drain.") var jobs = 50_000
    @Option(help: "Concurrent worker loops.") var workers = 1
    @Option(help: "Jobs per claim.") var batch = 100
    @Flag(help: "Claim in plain priority order across clients (before 0023), for comparison.") var plainClaims = false

    func run() async throws {
        let jobs = self.jobs, workers = self.workers, batch = self.batch, fair = !plainClaims
        try await database.withDatabase(connections: workers + 1) { db, _ in
            let setup = try JSONDecoder().decode(ClientSetup.self, from: Data("{}".utf8))
            let clientId = try await ClientSeeder(database: db.service).create(email: "drain-\(UUID())@bench.test", passwordHash: nil, setup: setup)
            try await db.service.query("DELETE FROM public.email_queue")
            let ingest = EmailIngestRepository(database: db.service)
            for chunk in stride(from: 0, to: jobs, by: 5000) {
                let count = min(5000, jobs - chunk)
                _ = try await ingest.enqueueJobs(clientIds: Array(repeating: clientId, count: count), emailDataJSON: Array(repeating: #"{"noop": true}"#, count: count), priorities: Array(repeating: 1, count: count))
            }
            try await db.service.query("VACUUM ANALYZE public.email_queue")
            let queue = EmailQueue(database: db.service, configuration: QueueConfiguration(fairClaims: fair))
            let start = ContinuousClock.now
            let done = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<workers {
                    group.addTask {
                        var completed = 0
                        while true {
                            let claimed = try await queue.claim(limit: batch)
                            if claimed.isEmpty { return completed }
                            completed += try await queue.completeWithoutResults(claimed)
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = seconds(since: start)
            try await db.service.query("DELETE FROM public.email_queue")
            report(["system": "floworx", "jobs": done, "workers": workers, "batch": batch, "fair_claims": fair, "seconds": elapsed, "per_s": Double(done) / elapsed])
        }
    }
}
