import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// `EmailIngestRepository`: each (client, message id) is queued once, however often and however concurrently it
/// is delivered.
@Suite struct QueueIngestTests {
    @Test func aBatchQueuesEachNewMessageOnceAndRecognisesRedeliveries() async throws {
        try await QueueFixture.with { fixture in
            let repository = EmailIngestRepository(database: fixture.service)
            func email(_ id: String) throws -> NewEmail { try Mailbox.newEmail(QueueFixture.quoteRequest(messageId: id), client: fixture.client) }

            let first = try await repository.ingest([try email("a"), try email("a"), try email("b")])
            #expect(first.map(\.messageId) == ["a", "b"])
            let allNew = first.allSatisfy { $0.created && $0.status == "pending" && $0.queueId != nil }
            #expect(allNew)

            let second = try await repository.ingest([try email("c"), try email("a")])
            #expect(second.map(\.messageId) == ["c", "a"])
            #expect(second[0].created && second[0].queueId != nil)
            #expect(!second[1].created)
            #expect(second[1].queueId == nil)
            #expect(second[1].emailLogId == first[0].emailLogId)

            #expect(try await fixture.count("SELECT count(*) FROM public.email_logs") == 3)
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue") == 3)
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue q JOIN public.email_logs l ON l.id = (q.email_data->>'email_log_id')::uuid") == 3)
            #expect(try await repository.ingest([]).isEmpty)
        }
    }

    @Test func aRedeliveryReportsTheEmailsCurrentStatus() async throws {
        try await QueueFixture.with { fixture in
            let repository = EmailIngestRepository(database: fixture.service)
            let original = try await fixture.ingest(count: 1)
            let queue = EmailQueue(database: fixture.service)
            let job = try #require(try await queue.claim(limit: 1).first)
            _ = try await queue.complete([QueueFixture.completion(job, text: "done", status: "escalated")])
            let again = try await repository.ingest([try Mailbox.newEmail(QueueFixture.quoteRequest(messageId: "m-0"), client: fixture.client)])
            #expect(again.count == 1)
            #expect(again.first?.status == "escalated")
            #expect(again.first?.emailLogId == original[0].emailLogId)
            #expect(again.first?.created == false)
        }
    }

    @Test func theSameMessageIdForTwoClientsIsTwoEmails() async throws {
        try await QueueFixture.with { fixture in
            let other = try await fixture.seedClient(email: "other@queue.test", setupJSON: #"{"client_config": {"version": 1}}"#)
            try await fixture.ingest(count: 1)
            let second = try await fixture.ingest(count: 1, client: other)
            #expect(second.first?.created == true)
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue") == 2)
        }
    }

    @Test func concurrentDeliveriesOfTheSameMessagesQueueEachOnce() async throws {
        try await Self.deliverConcurrently(deliveries: 8, messages: 25, reversingEveryOther: false)
    }

    /// Two sources (a push and a poll) deliver overlapping messages in different orders.
    @Test func concurrentDeliveriesInDifferentOrdersQueueEachOnce() async throws {
        try await Self.deliverConcurrently(deliveries: 8, messages: 25, reversingEveryOther: true)
    }

    static func deliverConcurrently(deliveries: Int, messages: Int, reversingEveryOther: Bool) async throws {
        try await QueueFixture.with(connections: deliveries + 2) { fixture in
            let repository = EmailIngestRepository(database: fixture.service)
            let emails = try (0..<messages).map { try Mailbox.newEmail(QueueFixture.quoteRequest(messageId: "dup-\($0)"), client: fixture.client) }
            let results = try await withThrowingTaskGroup(of: [IngestedEmail].self) { group in
                for delivery in 0..<deliveries {
                    let order = reversingEveryOther && !delivery.isMultiple(of: 2) ? Array(emails.reversed()) : emails
                    group.addTask { try await repository.ingest(order) }
                }
                var all: [[IngestedEmail]] = []
                for try await result in group { all.append(result) }
                return all
            }
            let answered = results.allSatisfy { $0.count == messages }
            #expect(answered, "every delivery gets an answer for every message")
            let flat = results.flatMap { $0 }
            for index in 0..<messages {
                let answers = flat.filter { $0.messageId == "dup-\(index)" }
                #expect(answers.filter(\.created).count == 1, "dup-\(index) created by exactly one delivery")
                #expect(Set(answers.map(\.emailLogId)).count == 1, "dup-\(index) has one email log")
                #expect(answers.compactMap(\.queueId).count == 1, "dup-\(index) has one queue job")
            }
            #expect(try await fixture.count("SELECT count(*) FROM public.email_logs") == messages)
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue") == messages)
        }
    }
}
