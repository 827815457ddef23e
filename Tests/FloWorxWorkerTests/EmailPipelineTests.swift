import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// `EmailPipeline.process` on real claimed jobs: bad email data, AI provider failures, lost leases and
/// `sender_recent_count` rules.
@Suite struct EmailPipelineTests {
    static func pipeline(_ fixture: QueueFixture, _ queue: EmailQueue, provider: any AIProvider) throws -> EmailPipeline {
        try EmailPipeline(
            queue: queue, repository: ProfileRepository(database: fixture.service, logger: TestCluster.logger),
            provider: provider, configuration: WorkerConfiguration(), logger: TestCluster.logger
        )
    }

    @Test func emailDataThatDoesNotDecodeIsDeadLetteredAndTheBatchGoesOn() async throws {
        try await QueueFixture.with { fixture in
            let good = try await fixture.ingest(count: 1)
            let bad = try await EmailIngestRepository(database: fixture.service).ingest([NewEmail(
                clientId: fixture.client, messageId: "bad-1", fromEmail: "someone@example.com", toEmail: "service@northlinehvac.ca",
                subject: "?", body: "?", emailDataJSON: #"{"message_id": "bad-1", "subject": 42}"#
            )])
            let provider = ScriptedProvider { _, _ in .reply("Thanks for your message.") }
            let queue = EmailQueue(database: fixture.service)
            let result = try await Self.pipeline(fixture, queue, provider: provider).process(try await queue.claim(limit: 10))
            #expect(result.completed == 1)
            #expect(result.failed == 1)
            #expect(provider.callLog == ["m-0"])

            let badLog = bad[0].emailLogId
            #expect(try await fixture.logStatus(badLog) == "failed")
            #expect(try await fixture.logStatus(good[0].emailLogId) == "processed")
            #expect(try await fixture.job(try #require(bad[0].queueId)) == ("failed", 1))
            let letters = try await fixture.strings("""
                SELECT operation_data->>'error_type' || '|' || (operation_data->'email_data'->>'email_log_id') FROM public.dead_letter_queue
                """)
            #expect(letters == ["invalid_email_data|\(badLog.uuidString.lowercased())"])
            #expect(try await fixture.strings("SELECT error_type || '/' || severity FROM public.error_logs") == ["invalid_email_data/medium"])
        }
    }

    /// One bad job must not hold back the rest of its batch, even when it has no email log.
    @Test func undecodableDataWithoutAnEmailLogDoesNotBlockItsBatch() async throws {
        try await QueueFixture.with { fixture in
            try await fixture.ingest(count: 1)
            _ = try await EmailIngestRepository(database: fixture.service).enqueueJobs(
                clientIds: [fixture.client], emailDataJSON: [#"{"message_id": "tool-1", "subject": 42}"#], priorities: [1]
            )
            let queue = EmailQueue(database: fixture.service)
            let jobs = try await queue.claim(limit: 10)
            #expect(jobs.count == 2)
            var outcome: Result<EmailPipeline.BatchResult?, any Error> = .success(nil)
            do {
                outcome = .success(try await Self.pipeline(fixture, queue, provider: BuiltInComposer()).process(jobs))
            } catch {
                outcome = .failure(QueueFixture.describe(error))
            }
            let dead = try await fixture.count("SELECT count(*) FROM public.dead_letter_queue")
            let completed = try await fixture.count("SELECT count(*) FROM public.email_queue WHERE status = 'completed'")
            let result = try outcome.get()
            #expect(result?.completed == 1 && result?.failed == 1)
            #expect(dead == 1)
            #expect(completed == 1)
        }
    }

    @Test func aProviderFailureRetriesTheJobAndTheNextAttemptDrafts() async throws {
        try await QueueFixture.with { fixture in
            let ingested = try await fixture.ingest(count: 1)
            let id = try #require(ingested[0].queueId)
            let provider = ScriptedProvider { _, call in call == 1 ? .fail("HTTP 503: overloaded") : .reply("We can install central air in May.") }
            let queue = EmailQueue(database: fixture.service, configuration: QueueConfiguration(retryBase: .milliseconds(1)))
            let pipeline = try Self.pipeline(fixture, queue, provider: provider)

            let first = try await pipeline.process(try await queue.claim(limit: 10))
            #expect(first.failed == 1 && first.completed == 0)
            #expect(try await fixture.job(id) == ("pending", 1))
            #expect(try await fixture.strings("SELECT error_type || '/' || severity FROM public.error_logs") == ["ai_provider_failed/low"])
            #expect(try await fixture.count("SELECT count(*) FROM public.ai_responses") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM public.analytics_events") == 0, "a failed attempt records no results")

            try await fixture.makeDue(id)
            let second = try await pipeline.process(try await queue.claim(limit: 10))
            #expect(second.completed == 1 && second.drafted == 1)
            #expect(try await fixture.strings("SELECT response_text || '|' || model_used || '|' || tokens_used FROM public.ai_responses") == ["We can install central air in May.|scripted-1|7"])
            #expect(try await fixture.logStatus(ingested[0].emailLogId) == "processed")
            #expect(try await fixture.count("SELECT count(*) FROM public.analytics_events WHERE event_type = 'draft_created'") == 1)
        }
    }

    @Test func aWorkerWhoseLeaseWasTakenWritesNothing() async throws {
        try await QueueFixture.with { fixture in
            let ingested = try await fixture.ingest(count: 1)
            let queue = EmailQueue(database: fixture.service, configuration: QueueConfiguration(lease: .seconds(1)))
            let slow = try Self.pipeline(fixture, queue, provider: ScriptedProvider { _, _ in .reply("stale draft") })
            let fast = try Self.pipeline(fixture, queue, provider: ScriptedProvider { _, _ in .reply("fresh draft") })
            let stalled = try await queue.claim(limit: 1)
            try await Task.sleep(for: .milliseconds(1300))
            #expect(try await queue.reclaimExpired().requeued == 1)
            let taken = try await queue.claim(limit: 1)

            let late = try await slow.process(stalled)
            #expect(late.lost == 1 && late.completed == 0)
            let onTime = try await fast.process(taken)
            #expect(onTime.completed == 1 && onTime.lost == 0)
            #expect(try await fixture.strings("SELECT response_text FROM public.ai_responses") == ["fresh draft"])
            #expect(try await fixture.count("SELECT count(*) FROM public.analytics_events WHERE event_type = 'email_processed'") == 1)
            #expect(try await fixture.logStatus(ingested[0].emailLogId) == "processed")
        }
    }

    /// A client whose one rule escalates a third message from the same sender within 24 hours.
    static let repeatSenderClient = """
        {"client_config": {"version": 1, "business": {"name": "Repeat Plumbing", "type": "plumbing"}, "auto_reply": {"enabled": false}},
         "escalation_rules": [{"name": "Repeat sender", "priority": 10, "is_active": true,
                               "conditions": {"fact": "sender_recent_count", "op": "gte", "value": 3, "hours": 24},
                               "actions": [{"type": "mark_escalated"}]}]}
        """

    @Test func senderRecentCountCountsThisClientsRecentMailFromTheSender() async throws {
        try await QueueFixture.with { fixture in
            let client = try await fixture.seedClient(email: "repeat@plumbing.test", setupJSON: Self.repeatSenderClient)
            // Three recent messages from one sender, spelled in two cases.
            var repeated = try await fixture.ingest(count: 2, prefix: "repeat", from: "pat@example.com", client: client)
            repeated += try await fixture.ingest(count: 1, prefix: "repeat-upper", from: "Pat@Example.COM", client: client)
            // Two recent and one old message from another sender, and plenty from it to another client.
            let occasional = try await fixture.ingest(count: 2, prefix: "once", from: "sam@example.com", client: client)
            try await fixture.service.query("""
                INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, status, created_at)
                VALUES (\(client), 'old-1', 'sam@example.com', 'office@plumbing.test', 'processed', now() - interval '30 hours')
                """)
            try await fixture.ingest(count: 4, prefix: "elsewhere", from: "sam@example.com", client: fixture.client)

            let repository = ProfileRepository(database: fixture.service, logger: TestCluster.logger)
            let day = try await repository.senderCounts([(client, "pat@example.com"), (client, "SAM@example.com"), (client, "nobody@example.com")], hours: 24)
            #expect(day["\(client)|pat@example.com"] == 3)
            #expect(day["\(client)|sam@example.com"] == 2)
            #expect(day["\(client)|nobody@example.com"] == 0)
            #expect(try await repository.senderCounts([(client, "sam@example.com")], hours: 48)["\(client)|sam@example.com"] == 3)

            let queue = EmailQueue(database: fixture.service)
            let pipeline = try Self.pipeline(fixture, queue, provider: BuiltInComposer())
            while true {
                let jobs = try await queue.claim(limit: 4)
                if jobs.isEmpty { break }
                #expect(try await pipeline.process(jobs).failed == 0)
            }
            for email in repeated {
                #expect(try await fixture.logStatus(email.emailLogId) == "escalated", "\(email.messageId): third message from pat within 24 h")
            }
            for email in occasional {
                #expect(try await fixture.logStatus(email.emailLogId) == "processed", "\(email.messageId): sam sent only two within 24 h here")
            }
            #expect(try await fixture.count("""
                SELECT count(*) FROM public.analytics_events WHERE event_type = 'rule_matched' AND event_data->>'rule_name' = 'Repeat sender'
                """) == 3)
        }
    }
}
