import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// Learning from corrections through the pipeline: after the owner files a local supplier's mail as SUPPLIERS (three
/// corrections recorded as a mailbox sync would), the next email from that supplier's domain is classified SUPPLIERS,
/// with the correction as its reason; another business receiving the same email is unaffected.
@Suite struct CorrectionPipelineTests {
    /// A message from a local supplier that is not among the HVAC client's suppliers.
    static func supplierMessage(_ index: Int, from sender: String, subject: String, text: String) throws -> EmailMessage {
        var message = try QueueFixture.quoteRequest(messageId: "supplier-\(index)")
        message.from = EmailAddress(email: sender, name: "Ridgeline Mechanical Supply")
        message.replyTo = nil
        message.subject = subject
        message.text = text
        message.html = nil
        message.attachments = []
        return message
    }

    static let messages: [(String, String, String)] = [
        ("counter@ridgelinesupply.com", "Order 55812 ready for pickup", "Hi, your order 55812 (2x 16x25x1 filters, 1 Honeywell T6 thermostat) is ready for pickup at the Eastside counter. Please bring the PO number. Ridgeline Mechanical Supply"),
        ("orders@ridgelinesupply.com", "Backorder notice - Goodman GMVC96 furnace", "The Goodman GMVC96 furnace on your PO 7741 is backordered until the 14th. We can substitute an Amana AMVC96 at the same price if you confirm. Ridgeline Mechanical Supply"),
        ("ar@ridgelinesupply.com", "Statement for November", "Please find your November statement attached. Balance due 4,812.50 on net 30 terms. Ridgeline Mechanical Supply accounts receivable"),
        ("returns@ridgelinesupply.com", "RMA 3319 approved", "Your return of the defective ignitor control board is approved under RMA 3319. Bring it to the counter with the tag; credit will be issued to your account. Ridgeline Mechanical Supply"),
    ]

    /// The category and reasons of the `email_classified` event of one email log.
    static func classified(_ fixture: QueueFixture, _ log: UUID) async throws -> (String, [String]) {
        let text = try #require(try await fixture.strings("""
            SELECT event_data::text FROM public.analytics_events
            WHERE event_type = 'email_classified' AND event_data->>'email_log_id' = \(log.uuidString.lowercased())
            """).first)
        let data = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        let reasons = data["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return (try #require(data["category"]?.stringValue), reasons)
    }

    @Test func aCorrectedSupplierDomainIsFiledAsSuppliersFromThenOn() async throws {
        try await QueueFixture.with { fixture in
            let corrections = CorrectionRepository(database: fixture.service)
            let queue = EmailQueue(database: fixture.service)
            let pipeline = try EmailPipeline(
                queue: queue, repository: ProfileRepository(database: fixture.service, logger: TestCluster.logger),
                provider: ScriptedProvider { _, _ in .reply("Thanks.") }, configuration: WorkerConfiguration(profileTTL: .zero),
                logger: TestCluster.logger, corrections: corrections)
            let ingest = EmailIngestRepository(database: fixture.service)

            // Three of its emails arrive; the model files none of them as SUPPLIERS.
            let first = try await ingest.ingest(try (0..<3).map { i in
                try Mailbox.newEmail(try Self.supplierMessage(i, from: Self.messages[i].0, subject: Self.messages[i].1, text: Self.messages[i].2), client: fixture.client)
            })
            _ = try await pipeline.process(try await queue.claim(limit: 10))
            for email in first {
                #expect(try await Self.classified(fixture, email.emailLogId).0 != "SUPPLIERS")
            }

            // The owner moves them to SUPPLIERS in the mailbox.
            for email in first {
                let correction = try #require(try await corrections.record(clientId: fixture.client, emailLogId: email.emailLogId, category: "SUPPLIERS", source: .mailbox))
                #expect(correction.fromCategory != nil)
            }

            // The next one, from an address never corrected, is SUPPLIERS because of its domain; the same email at
            // another business is not.
            let other = try await fixture.seedClient(email: "owner@other.test", setupJSON: try String(contentsOf: Mailbox.directory.appendingPathComponent("clients/hvac.json"), encoding: .utf8))
            let next = try Self.supplierMessage(3, from: Self.messages[3].0, subject: Self.messages[3].1, text: Self.messages[3].2)
            let later = try await ingest.ingest([try Mailbox.newEmail(next, client: fixture.client), try Mailbox.newEmail(next, client: other)])
            _ = try await pipeline.process(try await queue.claim(limit: 10))
            let (category, reasons) = try await Self.classified(fixture, later[0].emailLogId)
            #expect(category == "SUPPLIERS")
            #expect(reasons.first?.contains("correction: domain ridgelinesupply.com → SUPPLIERS (3 corrections") == true, "\(reasons)")
            #expect(try await Self.classified(fixture, later[1].emailLogId).0 != "SUPPLIERS")
        }
    }
}
