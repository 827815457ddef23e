import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import Logging
import PostgresNIO
import Testing

/// Runs the whole test mailbox through the real pipeline on PostgreSQL and checks every expectation:
/// category, subcategory, loop guard, escalation (email log status) and whether a draft was written.
@Suite struct MailboxPipelineTests {
    @Test func everyMailboxMessageEndsAsExpected() async throws {
        let mailbox = try Mailbox.load()
        #expect(mailbox.items.count >= 200)
        try await TestDatabase.with { db in
            let seeder = ClientSeeder(database: db.database.service)
            var clientIds: [String: UUID] = [:]
            for (name, setup) in mailbox.clients {
                clientIds[name] = try await seeder.create(email: "\(name)@mailbox.test", passwordHash: nil, setup: setup)
            }
            let emails = try mailbox.items.map { try Mailbox.newEmail($0.message, client: clientIds[$0.expectation.client]!) }
            let ingested = try await EmailIngestRepository(database: db.database.service).ingest(emails)
            #expect(ingested.count == emails.count)
            #expect(ingested.filter(\.created).count == emails.count)

            let queue = EmailQueue(database: db.database.service)
            let pipeline = EmailPipeline(
                queue: queue, repository: ProfileRepository(database: db.database.service, logger: TestCluster.logger),
                provider: BuiltInComposer(), configuration: WorkerConfiguration(), logger: TestCluster.logger
            )
            var processed = 0
            while true {
                let jobs = try await queue.claim(limit: 40)
                if jobs.isEmpty { break }
                let result = try await pipeline.process(jobs)
                #expect(result.failed == 0)
                processed += result.completed
            }
            #expect(processed == emails.count)

            let outcomes = try await Outcomes.read(db)
            var mismatches: [String] = []
            for item in mailbox.items {
                let expected = item.expectation
                let key = "\(clientIds[expected.client]!)|\(item.message.messageId)"
                guard let actual = outcomes[key] else {
                    mismatches.append("\(expected.file): no outcome")
                    continue
                }
                var problems: [String] = []
                if actual.category != expected.category { problems.append("category \(actual.category) ≠ \(expected.category)") }
                if actual.subcategory != expected.subcategory { problems.append("subcategory \(actual.subcategory ?? "nil") ≠ \(expected.subcategory ?? "nil")") }
                if actual.prefilter != expected.prefilter { problems.append("prefilter \(actual.prefilter) ≠ \(expected.prefilter)") }
                if (actual.status == "escalated") != expected.escalated { problems.append("status \(actual.status), expected escalated=\(expected.escalated)") }
                if actual.drafted != expected.draft { problems.append("draft \(actual.drafted) ≠ \(expected.draft)") }
                for (entity, value) in expected.entities ?? [:] where actual.entities[entity] != value {
                    problems.append("\(entity) \(actual.entities[entity] ?? "nil") ≠ \(value)")
                }
                if !problems.isEmpty {
                    mismatches.append("\(expected.file): " + problems.joined(separator: "; ") + " (rules matched: \(actual.rules.joined(separator: ", ")))")
                }
            }
            let report = "\(mismatches.count) of \(mailbox.items.count) messages differ:\n" + mismatches.joined(separator: "\n")
            #expect(mismatches.isEmpty, Comment(rawValue: report))
        }
    }
}

/// What the pipeline recorded per email: log status, classification event, draft.
struct Outcomes {
    var status: String
    var category: String
    var subcategory: String?
    var prefilter: String
    var drafted: Bool
    var entities: [String: String]
    var rules: [String]

    static func read(_ db: TestDatabase) async throws -> [String: Outcomes] {
        try await db.withConnection { connection in
            let rows = try await connection.query("""
                SELECT l.client_id, l.message_id, l.status,
                       coalesce(c.event_data->>'category', ''), c.event_data->>'subcategory',
                       coalesce(f.event_data->>'kind', 'none'),
                       EXISTS (SELECT 1 FROM ai_responses a WHERE a.email_log_id = l.id),
                       coalesce(c.event_data->'entities', '{}')::text,
                       coalesce((SELECT string_agg(r.event_data->>'rule_name', ', ') FROM analytics_events r
                                 WHERE r.event_type = 'rule_matched' AND r.event_data->>'email_log_id' = l.id::text), '')
                FROM email_logs l
                LEFT JOIN analytics_events c ON c.event_type = 'email_classified' AND c.event_data->>'email_log_id' = l.id::text
                LEFT JOIN analytics_events f ON f.event_type = 'email_filtered' AND f.event_data->>'email_log_id' = l.id::text
                """, logger: TestCluster.logger)
            var outcomes: [String: Outcomes] = [:]
            for try await (client, message, status, category, subcategory, prefilter, drafted, entities, rules) in rows.decode((UUID, String, String, String, String?, String, Bool, String, String).self) {
                let found = (try? JSONSerialization.jsonObject(with: Data(entities.utf8))) as? [String: String] ?? [:]
                outcomes["\(client)|\(message)"] = Outcomes(status: status, category: category, subcategory: subcategory, prefilter: prefilter, drafted: drafted, entities: found, rules: rules.isEmpty ? [] : rules.components(separatedBy: ", "))
            }
            return outcomes
        }
    }
}
