import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// The pipeline running each business's workflow versions (issue 16): a deploy while emails are being processed,
/// rollback, the version on every email log, `workflow_metrics` totals, and the custom steps' jobs.
@Suite struct WorkflowPipelineTests {
    static func pipeline(_ fixture: QueueFixture, _ queue: EmailQueue) throws -> EmailPipeline {
        // The rule-based classifier keeps 5,000 emails quick in a debug build; the workflow steps are the same.
        try EmailPipeline(
            queue: queue, repository: ProfileRepository(database: fixture.service, logger: TestCluster.logger), provider: BuiltInComposer(),
            configuration: WorkerConfiguration(), logger: TestCluster.logger, analyzer: EmailAnalyzer())
    }

    /// Version 2: no automatic replies, and a label (so each of its emails leaves a `workflow_applied` event).
    static let quiet = WorkflowDefinition(steps: [
        .loopGuard, .classification(WorkflowClassificationStep()), .businessHours, .escalation(WorkflowEscalationStep()),
        .draft(WorkflowDraftStep(autoReply: false)), .writeBack(WorkflowWriteBackStep(mode: .labels)), .notifications(WorkflowNotificationsStep()),
        .addLabel(WorkflowAddLabelStep(label: "Quiet")),
    ])

    /// Counts processed emails and holds the workers at a point until the deploy happened, so that both versions
    /// certainly process some emails (no timing involved).
    actor Progress {
        var processed = 0
        var deployed = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func add(_ count: Int) { processed += count }
        func markDeployed() {
            deployed = true
            for continuation in waiting { continuation.resume() }
            waiting = []
        }
        /// Returns once the deploy happened, if `processed` reached `limit`.
        func gate(limit: Int) async {
            guard processed >= limit, !deployed else { return }
            await withCheckedContinuation { waiting.append($0) }
        }
    }

    static func drain(_ queue: EmailQueue, _ pipeline: EmailPipeline, progress: Progress, holdAt limit: Int) async throws {
        while true {
            await progress.gate(limit: limit)
            let jobs = try await queue.claim(limit: 100)
            if jobs.isEmpty { return }
            let result = try await pipeline.process(jobs)
            await progress.add(result.completed)
        }
    }

    @Test func aDeployDuringProcessingSplitsEmailsBetweenVersionsAndRollbackReturnsToOne() async throws {
        try await QueueFixture.with(connections: 8) { fixture in
            let total = 5_000
            let repository = WorkflowRepository(service: fixture.service)
            #expect(try await repository.list(clientId: fixture.client).map(\.version) == [1])
            #expect(try await repository.save(clientId: fixture.client, name: "Quiet", definition: Self.quiet).version == 2)
            try await fixture.ingest(count: total, prefix: "load")
            let queue = EmailQueue(database: fixture.service)
            let pipeline = try Self.pipeline(fixture, queue)
            let progress = Progress()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 { group.addTask { try await Self.drain(queue, pipeline, progress: progress, holdAt: total / 2) } }
                group.addTask {
                    // Deploy once a fifth is done, while both workers hold claimed batches.
                    while await progress.processed < total / 5 { try await Task.sleep(for: .milliseconds(5)) }
                    guard case .activated = try await repository.activate(clientId: fixture.client, version: 2) else { throw CancellationError() }
                    await progress.markDeployed()
                }
                try await group.waitForAll()
            }

            // Every email processed, by exactly one version, recorded on its log.
            #expect(try await fixture.count("SELECT count(*) FROM public.email_logs WHERE status IN ('processed', 'escalated')") == total)
            #expect(try await fixture.count("SELECT count(*) FROM public.email_logs WHERE workflow_version IS NULL OR workflow_id IS NULL") == 0)
            let one = try await fixture.count("SELECT count(*) FROM public.email_logs WHERE workflow_version = 1")
            let two = try await fixture.count("SELECT count(*) FROM public.email_logs WHERE workflow_version = 2")
            #expect(one > 0 && two > 0 && one + two == total, "v1 \(one), v2 \(two)")
            // Each version did what it says: version 2 never drafts and always labels.
            #expect(try await fixture.count("""
                SELECT count(*) FROM public.ai_responses a JOIN public.email_logs l ON l.id = a.email_log_id WHERE l.workflow_version = 2
                """) == 0)
            #expect(try await fixture.count("""
                SELECT count(*) FROM public.ai_responses a JOIN public.email_logs l ON l.id = a.email_log_id WHERE l.workflow_version = 1
                """) > 0)
            #expect(try await fixture.count("""
                SELECT count(*) FROM public.analytics_events WHERE event_type = 'workflow_applied' AND event_data->'labels' = '["Quiet"]'
                """) == two)
            // The totals equal the email logs per version.
            let totals = try await fixture.strings("""
                SELECT w.version || ':' || m.execution_count || ':' || m.success_count || ':' || m.error_count
                FROM public.workflow_metrics m JOIN public.workflows w ON w.id = m.workflow_id WHERE m.execution_count > 0 ORDER BY w.version
                """)
            #expect(totals == ["1:\(one):\(one):0", "2:\(two):\(two):0"])
            #expect(try await fixture.count("SELECT count(*) FROM public.workflow_metrics WHERE execution_count > 0 AND avg_execution_time <= 0") == 0)
            // Per-step timings: a few rows per batch, not one per step per email.
            let stepRows = try await fixture.count("SELECT count(*) FROM public.performance_metrics WHERE metric_type LIKE 'workflow_step_ms:%'")
            #expect(stepRows > 0 && stepRows < total)

            // Roll back: the next emails run version 1 again.
            guard case .activated = try await repository.rollback(clientId: fixture.client, version: 1) else { Issue.record("no rollback"); return }
            let next = try await fixture.ingest(count: 20, prefix: "after")
            while true {
                let jobs = try await queue.claim(limit: 100)
                if jobs.isEmpty { break }
                _ = try await pipeline.process(jobs)
            }
            let versions = try await fixture.strings("""
                SELECT DISTINCT workflow_version::text FROM public.email_logs WHERE id = ANY(\(next.map(\.emailLogId))::uuid[])
                """)
            #expect(versions == ["1"])
            #expect(try await fixture.strings("""
                SELECT m.success_count::text FROM public.workflow_metrics m JOIN public.workflows w ON w.id = m.workflow_id
                WHERE w.version = 1 AND m.execution_count > 0
                """) == ["\(one + 20)"])
        }
    }

    @Test func customStepsQueueTheirJobsWithTheCompletion() async throws {
        try await QueueFixture.with { fixture in
            let repository = WorkflowRepository(service: fixture.service)
            let hooked = WorkflowDefinition(steps: [
                .loopGuard, .classification(WorkflowClassificationStep()), .escalation(WorkflowEscalationStep()),
                .webhook(WorkflowWebhookStep(url: "http://127.0.0.1:9/hook", secretRef: "HOOK_SECRET", timeoutSeconds: 5, retries: 2)),
                .forward(WorkflowForwardStep(address: "ops@example.com", when: WorkflowCondition(escalated: false))),
                .forward(WorkflowForwardStep(address: "never@example.com", when: WorkflowCondition(categories: ["BANKING"]))),
                .notifications(WorkflowNotificationsStep(enabled: false)),
            ])
            let saved = try await repository.save(clientId: fixture.client, name: "Hooked", definition: hooked)
            _ = try await repository.activate(clientId: fixture.client, version: saved.version)
            let ingested = try await fixture.ingest(count: 3, prefix: "hook")
            let queue = EmailQueue(database: fixture.service)
            let result = try await Self.pipeline(fixture, queue).process(try await queue.claim(limit: 10))
            #expect(result.completed == 3)

            let webhooks = try await fixture.strings("""
                SELECT payload::text FROM floworx.jobs WHERE kind = 'workflow.webhook' AND max_attempts = 3 ORDER BY dedupe_key
                """)
            #expect(webhooks.count == 3)
            let payload = try JSONDecoder.workflowPayloads.decode(WorkflowWebhookPayload.self, from: Data(try #require(webhooks.first).utf8))
            #expect(payload.url == "http://127.0.0.1:9/hook" && payload.secretRef == "HOOK_SECRET" && payload.timeoutSeconds == 5)
            #expect(payload.workflowVersion == saved.version && payload.stepIndex == 3 && payload.body.event == "email.processed")
            #expect(Set(ingested.map(\.emailLogId)).contains(payload.emailLogId))
            let keys = try await fixture.strings("SELECT dedupe_key FROM floworx.jobs WHERE kind = 'workflow.forward'")
            #expect(Set(keys) == Set(ingested.map { "wf:\($0.emailLogId.uuidString.lowercased()):4" }) && keys.count == 3)
            #expect(try await fixture.count("SELECT count(*) FROM floworx.jobs WHERE payload->>'address' = 'never@example.com'") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM public.email_logs WHERE workflow_version = \(saved.version)") == 3)
        }
    }
}

extension JSONDecoder {
    /// A decoder for the payloads' ISO 8601 dates.
    static var workflowPayloads: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
