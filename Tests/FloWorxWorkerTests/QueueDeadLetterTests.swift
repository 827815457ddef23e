import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// `DeadLetterRepository`: listing, replaying one or all, abandoning; and how a replayed job's outcome settles its
/// dead letter (resolved on success, pending again on failure, never a second letter).
@Suite struct QueueDeadLetterTests {
    static let permanent = JobFailure(type: "invalid_email_data", message: "email_data does not decode", retryable: false)

    /// Ingests `count` emails and dead-letters each with a non-retryable failure; returns the letters' ids in order.
    static func deadLetters(_ fixture: QueueFixture, count: Int) async throws -> [UUID] {
        let queue = EmailQueue(database: fixture.service)
        try await fixture.ingest(count: count)
        for job in try await queue.claim(limit: count) {
            #expect(try await queue.fail(job, permanent))
        }
        return try await DeadLetterRepository(database: fixture.service).list().map(\.id)
    }

    @Test func replayQueuesTheSameEmailAndResolvesTheLetterWhenItCompletes() async throws {
        try await QueueFixture.with { fixture in
            let letters = DeadLetterRepository(database: fixture.service)
            let letter = try #require(try await Self.deadLetters(fixture, count: 1).first)
            let original = try await fixture.service.query("SELECT email_data::text, (email_data->>'email_log_id')::uuid FROM public.email_queue").collect()
            let (originalData, log) = try original[0].decode((String, UUID).self)

            let woken = try await NotificationProbe.expectNotification(on: fixture) {
                let replay = try await letters.replay(letter)
                guard case .queued = replay else {
                    Issue.record("replay did \(replay)")
                    return
                }
            }
            #expect(woken, "a replayed email wakes the workers")
            #expect(try await letters.list(statuses: ["processing"]).map(\.id) == [letter])
            #expect(try await fixture.logStatus(log) == "pending")

            let queue = EmailQueue(database: fixture.service)
            let job = try #require(try await queue.claim(limit: 5).first)
            #expect(job.deadLetterId == letter)
            #expect(job.emailLogId == log)
            #expect(job.retryCount == 0, "a replay starts with every attempt again")
            #expect(try Self.withoutLetter(job.emailDataJSON) == Self.withoutLetter(originalData), "the same email, tagged with its letter")

            #expect(try await queue.complete([QueueFixture.completion(job, text: "after replay")]) == [job.id])
            #expect(try await letters.list(statuses: ["resolved"]).map(\.id) == [letter])
            #expect(try await fixture.logStatus(log) == "processed")
            #expect(try await fixture.strings("SELECT response_text FROM public.ai_responses") == ["after replay"])
            #expect(try await fixture.count("SELECT count(*) FROM public.email_logs") == 1, "no second email log")
        }
    }

    @Test func aReplayThatFailsAgainReturnsToPendingWithoutASecondLetter() async throws {
        try await QueueFixture.with { fixture in
            let letters = DeadLetterRepository(database: fixture.service)
            let queue = EmailQueue(database: fixture.service, configuration: QueueConfiguration(maxAttempts: 2, retryBase: .milliseconds(1)))
            let letter = try #require(try await Self.deadLetters(fixture, count: 1).first)
            _ = try await letters.replay(letter)

            // A retryable failure with attempts left: the job retries, the letter stays in processing.
            let first = try #require(try await queue.claim(limit: 1).first)
            #expect(try await queue.fail(first, JobFailure(type: "ai_provider_failed", message: "timeout", retryable: true)))
            #expect(try await letters.list(statuses: ["processing"]).map(\.id) == [letter])
            try await fixture.makeDue(first.id)
            let second = try #require(try await queue.claim(limit: 1).first)
            #expect(second.deadLetterId == letter)
            #expect(try await queue.fail(second, JobFailure(type: "ai_provider_failed", message: "timeout again", retryable: true)))

            #expect(try await fixture.count("SELECT count(*) FROM public.dead_letter_queue") == 1)
            let pending = try await letters.list()
            #expect(pending.map(\.id) == [letter])
            #expect(pending.first?.errorMessage == "timeout again")
            #expect(pending.first?.retryCount == 2, "one more than the first dead-lettering's count")
            #expect(try await fixture.strings("SELECT status FROM public.email_logs") == ["failed"])
            #expect(try await fixture.strings("SELECT context->>'dead_letter_id' FROM public.error_logs WHERE severity = 'high'") == [letter.uuidString.lowercased()])
            // It can be replayed again.
            guard case .queued = try await letters.replay(letter) else {
                Issue.record("a letter back in pending must be replayable")
                return
            }
        }
    }

    @Test func onlyPendingOrAbandonedLettersCanBeReplayed() async throws {
        try await QueueFixture.with { fixture in
            let letters = DeadLetterRepository(database: fixture.service)
            let letter = try #require(try await Self.deadLetters(fixture, count: 1).first)
            _ = try await letters.replay(letter)
            #expect(try await letters.replay(letter) == .notReplayable(status: "processing"), "a replay in flight is not queued twice")
            let queue = EmailQueue(database: fixture.service)
            let job = try #require(try await queue.claim(limit: 1).first)
            _ = try await queue.complete([QueueFixture.completion(job, text: "done")])
            #expect(try await letters.replay(letter) == .notReplayable(status: "resolved"))
            #expect(try await letters.replay(UUID()) == .notFound)
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue") == 2, "the original job and one replay")
            #expect(try await fixture.strings("SELECT status FROM public.email_logs") == ["processed"])
        }
    }

    @Test func replayAllReplaysEveryPendingLetterButNotAbandonedOnes() async throws {
        try await QueueFixture.with { fixture in
            let letters = DeadLetterRepository(database: fixture.service)
            let ids = try await Self.deadLetters(fixture, count: 3)
            #expect(ids.count == 3)
            #expect(try await letters.abandon(ids[1]))
            let results = try await letters.replayAll()
            #expect(Set(results.map(\.0)) == [ids[0], ids[2]])
            for (_, result) in results {
                guard case .queued = result else {
                    Issue.record("replayAll did \(result)")
                    continue
                }
            }
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue WHERE status = 'pending' AND email_data ? 'dead_letter_id'") == 2)
            #expect(try await letters.list(statuses: ["abandoned"]).map(\.id) == [ids[1]])
            #expect(try await letters.replayAll().isEmpty, "nothing pending is left")
        }
    }

    @Test func abandonSetsAsideOnlyPendingLetters() async throws {
        try await QueueFixture.with { fixture in
            let letters = DeadLetterRepository(database: fixture.service)
            let ids = try await Self.deadLetters(fixture, count: 2)
            #expect(try await letters.abandon(ids[0]))
            #expect(try await letters.abandon(ids[0]) == false, "already abandoned")
            #expect(try await letters.abandon(UUID()) == false)
            #expect(try await letters.list().map(\.id) == [ids[1]])
            _ = try await letters.replay(ids[1])
            #expect(try await letters.abandon(ids[1]) == false, "a letter being replayed is not abandoned under the worker")
            // An abandoned letter can still be replayed deliberately.
            guard case .queued = try await letters.replay(ids[0]) else {
                Issue.record("an abandoned letter must be replayable one by one")
                return
            }
            #expect(try await letters.list(statuses: ["processing"]).count == 2)
        }
    }

    @Test func aLetterWhoseClientIsGoneIsNotReplayed() async throws {
        try await QueueFixture.with { fixture in
            let letters = DeadLetterRepository(database: fixture.service)
            let letter = try #require(try await Self.deadLetters(fixture, count: 1).first)
            try await fixture.service.query("DELETE FROM auth.users WHERE id = \(fixture.client)")
            #expect(try await fixture.count("SELECT count(*) FROM public.profiles") == 0)
            #expect(try await letters.replay(letter) == .clientGone)
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue") == 0)
            #expect(try await letters.list().map(\.id) == [letter])
        }
    }

    /// The JSON object without the `dead_letter_id` member, for comparison.
    static func withoutLetter(_ json: String) throws -> NSDictionary {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        object["dead_letter_id"] = nil
        return object as NSDictionary
    }
}
