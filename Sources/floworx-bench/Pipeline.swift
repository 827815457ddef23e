import ArgumentParser
import FloWorxCore
import FloWorxStore
import FloWorxWorker
import Foundation
import PostgresNIO

/// Full pipeline throughput: mailbox messages ingested up front, then the email workers (built-in provider)
/// process all of them; emails/s counts from the workers' start to the last email processed.
struct Pipeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure full-pipeline emails/s with the built-in provider.")

    @OptionGroup var database: BenchDatabase
    @Option(help: "Emails to process.") var emails = 20_000
    @Option(help: "Worker loops.") var workers = 2
    @Option(help: "Jobs per claim.") var batch = 100
    @Flag(help: "Claim in plain priority order across clients (before 0023), for comparison.") var plainClaims = false
    @Flag(help: "Classify with the rule-based classifier alone (the pipeline before the trained triage model), for comparison.")
    var ruleClassifier = false
    @Option(help: "The businesses' workflow: default (version 1, created on the first claim) or custom (a saved, activated version with a label, a webhook and a forward step: custom-step jobs queued with every completion).")
    var workflow = "default"
    @Flag(help: "Enforce plan limits (issue 15) with unlimited plans: the per-batch usage statements run, nothing is blocked.")
    var billing = false

    /// `--workflow custom`: every built-in step, then a label, a webhook and a forward for every email.
    static let custom = WorkflowDefinition(steps: WorkflowDefinition.default.steps + [
        .addLabel(WorkflowAddLabelStep(label: "Bench")),
        .webhook(WorkflowWebhookStep(url: "http://127.0.0.1:9/bench", secretRef: "BENCH_SECRET")),
        .forward(WorkflowForwardStep(address: "bench@example.com")),
    ])

    func run() async throws {
        let emails = self.emails, workers = self.workers, batch = self.batch, fair = !plainClaims, ruleClassifier = self.ruleClassifier, billing = self.billing
        try await database.withDatabase(connections: workers + 2) { db, info in
            try await db.service.query("DELETE FROM public.email_queue")
            let mailbox = try await BenchMailbox.load(into: db)
            let run = String(UUID().uuidString.prefix(8).lowercased())
            let ingest = EmailIngestRepository(database: db.service)
            let prepared = try (0..<emails).map { try mailbox.email($0, run: run) }
            for chunk in stride(from: 0, to: prepared.count, by: 500) {
                _ = try await ingest.ingest(Array(prepared[chunk..<min(chunk + 500, prepared.count)]))
            }
            // Runs on one cluster share the businesses: each run activates its own workflow (the default is version 1).
            let repository = WorkflowRepository(service: db.service)
            for client in mailbox.clients {
                let version = workflow == "custom"
                    ? try await repository.save(clientId: client, name: "bench-\(run)", definition: Self.custom).version : 1
                _ = try await repository.activate(clientId: client, version: version)
            }
            try await db.service.query("ANALYZE public.email_queue")
            try await db.service.query("ANALYZE public.email_logs")
            var configuration = WorkerConfiguration(concurrency: workers, batchSize: batch)
            configuration.cleanupInterval = .seconds(3600)
            configuration.queue.fairClaims = fair
            if billing { configuration.billing = BillingEnforcement(plans: try Self.unlimitedPlans()) }
            let service = try EmailWorkerService(
                database: db, listenConnection: info, provider: BuiltInComposer(), configuration: configuration, logger: database.logger,
                analyzer: ruleClassifier ? EmailAnalyzer() : nil)
            let start = ContinuousClock.now
            let worker = Task { try await service.run() }
            let clients = mailbox.clients
            while true {
                let left = try await db.service.query("""
                    SELECT count(*)::int FROM public.email_logs WHERE client_id = ANY(\(clients)::uuid[]) AND status = 'pending'
                    """).collect().first!.decode(Int.self)
                if left == 0 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let elapsed = seconds(since: start)
            worker.cancel()
            _ = try? await worker.value
            let outcome = try await db.service.query("""
                SELECT count(*) FILTER (WHERE status = 'processed')::int, count(*) FILTER (WHERE status = 'escalated')::int,
                       count(*) FILTER (WHERE status = 'failed')::int,
                       (SELECT count(*)::int FROM public.ai_responses a JOIN public.email_logs l ON l.id = a.email_log_id WHERE l.client_id = ANY(\(clients)::uuid[]))
                FROM public.email_logs WHERE client_id = ANY(\(clients)::uuid[])
                """).collect().first!.decode((Int, Int, Int, Int).self)
            report([
                "emails": emails, "workflow": workflow, "workers": workers, "batch": batch, "fair_claims": fair, "triage_model": !ruleClassifier, "billing": billing, "seconds": elapsed, "emails_per_s": Double(emails) / elapsed,
                "processed": outcome.0, "escalated": outcome.1, "failed": outcome.2, "drafts": outcome.3,
            ])
        }
    }
}

extension Pipeline {
    /// One free plan without limits: billing's statements run for every batch and never block.
    static func unlimitedPlans() throws -> PlanCatalog {
        try PlanCatalog.parse(Data("""
            {"free_plan": "bench", "plans": [{"id": "bench", "name": "Bench", "price_cents": 0, "currency": "USD", "interval": "month",
              "limits": {"emails_per_month": null, "mailboxes": null, "drafts_per_month": null, "llm_tokens_per_month": null, "managers": null}}]}
            """.utf8))
    }
}
