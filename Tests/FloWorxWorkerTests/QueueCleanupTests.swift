import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// `EmailQueue.cleanup`: finished jobs go after their retention; anything still to do stays.
@Suite struct QueueCleanupTests {
    @Test func deletesOnlyFinishedJobsPastTheirRetention() async throws {
        try await QueueFixture.with { fixture in
            let hour = 3600.0
            let queue = EmailQueue(database: fixture.service, configuration: QueueConfiguration(completedRetention: .seconds(3600), failedRetention: .seconds(7 * 24 * 3600)))
            var ids: [String: UUID] = [:]
            for tag in ["completed-old-1", "completed-old-2", "completed-old-3", "completed-new", "failed-old", "failed-recent",
                        "pending-old", "processing-old"] {
                ids[tag] = try await fixture.ingest(count: 1, prefix: tag)[0].queueId
            }
            let tags = Dictionary(uniqueKeysWithValues: ids.map { ($0.value, $0.key) })
            let claimed = try await queue.claim(limit: 10)
            let byTag = Dictionary(uniqueKeysWithValues: claimed.map { (tags[$0.id]!, $0) })
            let completed = byTag.filter { $0.key.hasPrefix("completed") }.map(\.value)
            #expect(try await queue.completeWithoutResults(completed) == 4)
            for tag in ["failed-old", "failed-recent"] {
                #expect(try await queue.fail(byTag[tag]!, JobFailure(type: "invalid_email_data", message: "bad", retryable: false)))
            }
            try await queue.release([byTag["pending-old"]!])

            try await fixture.backdate(["completed-old-1", "completed-old-2", "completed-old-3"].map { ids[$0]! }, seconds: 2 * hour)
            try await fixture.backdate([ids["completed-new"]!], seconds: 0.5 * hour)
            try await fixture.backdate([ids["failed-old"]!], seconds: 8 * 24 * hour)
            try await fixture.backdate([ids["failed-recent"]!], seconds: 2 * 24 * hour)
            try await fixture.backdate([ids["pending-old"]!, ids["processing-old"]!], seconds: 30 * 24 * hour)

            // A batch size of 2 makes it loop until nothing old is left.
            #expect(try await queue.cleanup(batchSize: 2) == 4)
            let left = try await fixture.strings("SELECT email_data->>'message_id' FROM public.email_queue ORDER BY 1")
            #expect(left == ["completed-new-0", "failed-recent-0", "pending-old-0", "processing-old-0"])
            #expect(try await fixture.count("SELECT count(*) FROM public.dead_letter_queue") == 2, "dead letters outlive their queue rows")
            #expect(try await queue.cleanup() == 0)
        }
    }
}
