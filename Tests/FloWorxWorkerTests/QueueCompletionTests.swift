import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// `EmailQueue.complete`: a job's results are written by the statement that completes it, only while the worker
/// still owns the job.
@Suite struct QueueCompletionTests {
    @Test func completionWritesEveryResultOfOwnedJobs() async throws {
        try await QueueFixture.with { fixture in
            let ingested = try await fixture.ingest(count: 3)
            let queue = EmailQueue(database: fixture.service)
            let jobs = try await queue.claim(limit: 10).sorted { $0.emailLogId!.uuidString < $1.emailLogId!.uuidString }
            #expect(jobs.count == 3)
            var completions = [
                QueueFixture.completion(jobs[0], text: "draft zero"),
                QueueFixture.completion(jobs[1], text: "draft one", status: "escalated"),
                QueueFixture.completion(jobs[2], text: "no draft"),
            ]
            completions[2].draft = nil
            let owned = try await queue.complete(completions)
            #expect(owned == Set(jobs.map(\.id)))

            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue WHERE status = 'completed'") == 3)
            #expect(try await fixture.logStatus(jobs[0].emailLogId!) == "processed")
            #expect(try await fixture.logStatus(jobs[1].emailLogId!) == "escalated")
            #expect(try await fixture.logStatus(jobs[2].emailLogId!) == "processed")
            #expect(try await fixture.count("SELECT count(*) FROM public.email_logs WHERE processed_at IS NULL") == 0)

            let drafts = try await fixture.service.query("""
                SELECT email_log_id, response_text, confidence_score::float8, model_used, tokens_used FROM public.ai_responses ORDER BY response_text DESC
                """).collect()
            #expect(drafts.count == 2)
            let (log, text, confidence, model, tokens) = try drafts[0].decode((UUID, String, Double, String, Int).self)
            #expect(log == jobs[0].emailLogId)
            #expect(text == "draft zero")
            #expect(confidence == 0.88, "rounded to the column's two decimals")
            #expect(model == "test-model")
            #expect(tokens == 42)
            #expect(try await fixture.count("SELECT count(*) FROM public.analytics_events WHERE event_type = 'test_completed'") == 3)
            #expect(try await fixture.count("SELECT count(*) FROM public.analytics_events WHERE client_id = \(fixture.client)") == 3)
            #expect(try await fixture.count("SELECT count(*) FROM public.performance_metrics WHERE metric_value = 12.35") == 3)
            #expect(Set(ingested.map(\.emailLogId)) == Set(jobs.compactMap(\.emailLogId)))
        }
    }

    @Test func aJobIsCompletedOnceAndOnlyByItsClaim() async throws {
        try await QueueFixture.with { fixture in
            try await fixture.ingest(count: 2)
            let queue = EmailQueue(database: fixture.service)
            let jobs = try await queue.claim(limit: 10)
            #expect(jobs.count == 2)
            #expect(try await queue.complete([QueueFixture.completion(jobs[0], text: "first")]) == [jobs[0].id])
            // The same completion again (a retried request): nothing more is written.
            #expect(try await queue.complete([QueueFixture.completion(jobs[0], text: "again")]).isEmpty)
            // A token that is not the claim's: the job is not this worker's.
            var forged = jobs[1]
            forged.token = "1"
            #expect(try await queue.complete([QueueFixture.completion(forged, text: "forged")]).isEmpty)
            #expect(try await fixture.job(jobs[1].id).status == "processing")
            // In one batch, only the owned job is completed and only its results are written.
            let owned = try await queue.complete([QueueFixture.completion(jobs[0], text: "third"), QueueFixture.completion(jobs[1], text: "real")])
            #expect(owned == [jobs[1].id])
            #expect(try await fixture.strings("SELECT response_text FROM public.ai_responses ORDER BY response_text") == ["first", "real"])
            #expect(try await fixture.strings("SELECT event_data->>'by' FROM public.analytics_events ORDER BY 1") == ["first", "real"])
            #expect(try await fixture.count("SELECT count(*) FROM public.performance_metrics") == 2)
        }
    }

    @Test func aPendingJobCannotBeCompleted() async throws {
        try await QueueFixture.with { fixture in
            try await fixture.ingest(count: 1)
            let queue = EmailQueue(database: fixture.service)
            let job = try #require(try await queue.claim(limit: 1).first)
            try await queue.release([job])
            #expect(try await queue.complete([QueueFixture.completion(job, text: "late")]).isEmpty)
            #expect(try await fixture.job(job.id).status == "pending")
            #expect(try await fixture.count("SELECT count(*) FROM public.ai_responses") == 0)
            #expect(try await fixture.logStatus(job.emailLogId!) == "pending")
        }
    }

    @Test func completionWithoutResultsCountsOwnedJobs() async throws {
        try await QueueFixture.with { fixture in
            for index in 0..<4 { _ = try await fixture.insertJob(tag: "\(index)", priority: 1, dueIn: 0) }
            let queue = EmailQueue(database: fixture.service)
            let jobs = try await queue.claim(limit: 10)
            #expect(try await queue.completeWithoutResults(Array(jobs.prefix(3))) == 3)
            #expect(try await queue.completeWithoutResults(jobs) == 1)
            #expect(try await queue.completeWithoutResults([]) == 0)
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue WHERE status = 'completed'") == 4)
        }
    }
}
