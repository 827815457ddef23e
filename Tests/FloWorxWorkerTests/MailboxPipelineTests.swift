import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import Logging
import PostgresNIO
import Testing

/// Runs the whole test mailbox through the real pipeline (with the trained triage model) on PostgreSQL.
///
/// Tests/Mailbox is held out: the model never trained on it (Training/README.md). Its labels predate the triage
/// conventions in four places, the first three relabelled here as Training/train.py `eval_mailbox` does: mail asking for
/// the owner is a customer issue (SUPPORT, escalated, drafted), supplier mail with List-Unsubscribe is PROMO, a new 1–2
/// star review is escalated, and (pipeline only) a form sent by the website's mailer from the own domain is drafted. Category, escalation and drafts are measured against floors a little under what the model
/// reached when it was committed (docs/triage.md), so a regression fails; the loop guard and the extracted entities
/// come from deterministic code and must match exactly, and no mail the loop guard flags is ever drafted.
@Suite struct MailboxPipelineTests {
    /// Floors: category exact, escalation recall/precision, draft recall/precision.
    ///
    /// Escalation precision was 0.736 at the threshold 0.25; the variety round lets by-business cross-validation pick
    /// the threshold (0.15: recall 0.973 and precision 0.857 on CV, both goals met), which gives 0.661 here with
    /// recall still 1.0. Choosing 0.25 because this held-out set prefers it would be tuning on it, so the floor
    /// follows the CV choice: a missed emergency costs more than a needless alert (docs/triage.md).
    static let floors = (category: 0.87, escalationRecall: 0.97, escalationPrecision: 0.63, draftRecall: 0.85, draftPrecision: 0.95)

    @Test func theMailboxMeetsTheTriageFloors() async throws {
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
            let pipeline = try EmailPipeline(
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
            var exact: [String] = []
            var misses: [String] = []
            var categoryRight = 0
            var escalation = Tally()
            var drafts = Tally()
            for item in mailbox.items {
                let expected = Self.conventional(item)
                let key = "\(clientIds[expected.client]!)|\(item.message.messageId)"
                guard let actual = outcomes[key] else {
                    exact.append("\(expected.file): no outcome")
                    continue
                }
                if actual.prefilter != expected.prefilter { exact.append("\(expected.file): prefilter \(actual.prefilter) ≠ \(expected.prefilter)") }
                if actual.prefilter != "none" && actual.drafted { exact.append("\(expected.file): drafted though the loop guard flagged it") }
                for (entity, value) in expected.entities ?? [:] where actual.entities[entity] != value {
                    exact.append("\(expected.file): \(entity) \(actual.entities[entity] ?? "nil") ≠ \(value)")
                }
                if actual.category == expected.category { categoryRight += 1 } else { misses.append("\(expected.file): \(expected.category) → \(actual.category)") }
                escalation.add(predicted: actual.status == "escalated", expected: expected.escalated)
                if (actual.status == "escalated") != expected.escalated {
                    misses.append("\(expected.file): escalated \(actual.status == "escalated"), expected \(expected.escalated) (\(actual.rules.joined(separator: ", ")))")
                }
                drafts.add(predicted: actual.drafted, expected: expected.draft)
            }
            let category = Double(categoryRight) / Double(mailbox.items.count)
            let report = String(
                format: "category %.3f, escalation recall %.3f precision %.3f, draft recall %.3f precision %.3f\n",
                category, escalation.recall, escalation.precision, drafts.recall, drafts.precision) + misses.joined(separator: "\n")
            print("Tests/Mailbox through the pipeline: " + report)
            #expect(exact.isEmpty, Comment(rawValue: exact.joined(separator: "\n")))
            #expect(category >= Self.floors.category, Comment(rawValue: report))
            #expect(escalation.recall >= Self.floors.escalationRecall, Comment(rawValue: report))
            #expect(escalation.precision >= Self.floors.escalationPrecision, Comment(rawValue: report))
            #expect(drafts.recall >= Self.floors.draftRecall, Comment(rawValue: report))
            #expect(drafts.precision >= Self.floors.draftPrecision, Comment(rawValue: report))
        }
    }

    /// The expectation relabelled where Tests/Mailbox predates the triage conventions (see the suite's comment).
    static func conventional(_ item: Mailbox.Item) -> Mailbox.Expectation {
        var expected = item.expectation
        if expected.file.contains("wants-owner") || expected.file.contains("asks-for-owner") {
            (expected.category, expected.escalated, expected.draft) = ("SUPPORT", true, true)
        }
        if expected.category == "SUPPLIERS" && item.message.headers.listUnsubscribe != nil { expected.category = "PROMO" }
        if expected.file.contains("review-1-star") || expected.file.contains("review-2-star") { expected.escalated = true }
        // A form the website's mailer sends from the business's own domain (wordpress@…) relays a customer: drafted
        // to the customer in its fields (DOMAIN.md, "Draft"); Tests/Mailbox counts its domain as internal.
        let domain = { (address: String) in address.split(separator: "@").last.map { $0.lowercased() } ?? "" }
        if expected.category == "FORMSUB", item.message.to.contains(where: { domain($0.email) == domain(item.message.from.email) }) {
            expected.draft = true
        }
        return expected
    }

    /// Counts for recall and precision of one yes/no decision.
    struct Tally {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        mutating func add(predicted: Bool, expected: Bool) {
            if predicted && expected { truePositives += 1 } else if predicted { falsePositives += 1 } else if expected { falseNegatives += 1 }
        }
        var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
        var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
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
