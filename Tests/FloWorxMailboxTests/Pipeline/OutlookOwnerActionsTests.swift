import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// What the owner does in Outlook, read by the `mailbox.owner` job: moves between FloWorx folders are corrections
/// (once each), a reply sent from a FloWorx draft is scored; and a write-back that died after Graph made the reply
/// draft adopts that draft on retry instead of making a second.
@Suite struct OutlookOwnerActionsTests {
    static func scanOwner(_ fixture: OutlookFixture) async throws {
        try await JobQueue(database: fixture.service).enqueue([NewJob(
            kind: MailboxJobKind.owner, dedupeKey: fixture.integrationId.uuidString.lowercased(), integrationId: fixture.integrationId, clientId: fixture.client
        )])
        try await fixture.workers.drain()
    }

    static let corrections: PostgresQuery = "SELECT source || ':' || coalesce(from_category, '-') || '>' || to_category FROM floworx.triage_corrections"

    @Test func movingAMessageToAnotherFloWorxFolderIsACorrectionOnce() async throws {
        try await OutlookFixture.with { fixture in
            let quote = try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.deliver("003-gas-smell-basement.eml")
            try await fixture.syncAndProcess()
            try await Self.scanOwner(fixture)
            #expect(try await fixture.strings(Self.corrections).isEmpty, "FloWorx's own filing is not a correction")

            try await fixture.graph.moveToFolder(email: fixture.address, id: quote, folder: "URGENT")
            try await Self.scanOwner(fixture)
            try await Self.scanOwner(fixture)
            #expect(try await fixture.strings(Self.corrections) == ["mailbox:SALES>URGENT"])
            #expect(try await fixture.count("SELECT count(*)::int FROM public.analytics_events WHERE event_type = 'classification_corrected'") == 1)
            // One cursor per FloWorx folder that holds mail, and Sent Items' (replies written outside FloWorx).
            #expect(try await fixture.count("SELECT count(*)::int FROM floworx.mailbox_folder_cursors WHERE integration_id = \(fixture.integrationId) AND folder_id <> 'sentitems'") == 2)
            #expect(try await fixture.count("SELECT count(*)::int FROM floworx.mailbox_folder_cursors WHERE integration_id = \(fixture.integrationId) AND folder_id = 'sentitems'") == 1)

            // A message FloWorx did not file, moved into a FloWorx folder, is not a correction.
            let other = try await fixture.graph.deliver(to: fixture.address, raw: "From: a@b.example\r\nTo: service@northlinehvac.ca\r\nSubject: hi\r\nMessage-ID: <x1@b.example>\r\n\r\nhello\r\n")
            try await fixture.graph.moveToFolder(email: fixture.address, id: other, folder: "SALES")
            try await Self.scanOwner(fixture)
            #expect(try await fixture.strings(Self.corrections) == ["mailbox:SALES>URGENT"])
        }
    }

    @Test func aReplySentFromTheDraftIsScoredAndADeletedDraftClosed() async throws {
        try await OutlookFixture.with { fixture in
            let quote = try await fixture.deliver("010-quote-new-furnace.eml")
            let gas = try await fixture.deliver("003-gas-smell-basement.eml")
            try await fixture.syncAndProcess()
            let quoteThread = try #require(await fixture.graph.message(email: fixture.address, id: quote)).conversationId
            let gasThread = try #require(await fixture.graph.message(email: fixture.address, id: gas)).conversationId
            let sent = try #require(try await fixture.graph.drafts(email: fixture.address, conversationId: quoteThread).first)
            let deleted = try #require(try await fixture.graph.drafts(email: fixture.address, conversationId: gasThread).first)
            _ = try await fixture.graph.sendDraft(email: fixture.address, id: sent.id)
            try await fixture.graph.deleteMessage(email: fixture.address, id: deleted.id)

            try await Self.scanOwner(fixture)
            let states = try await fixture.strings("SELECT draft_id || ':' || state || ':' || coalesce(round(similarity::numeric, 2)::text, '-') FROM floworx.mailbox_drafts")
            #expect(Set(states) == ["\(sent.id):sent:1.00", "\(deleted.id):deleted:-"])
            #expect(try await fixture.strings("SELECT metric_value::text FROM public.performance_metrics WHERE metric_type = 'draft_similarity'") == ["1.00"])
            #expect(try await fixture.strings("SELECT event_data->>'provider' FROM public.analytics_events WHERE event_type = 'draft_sent'") == ["outlook"])
        }
    }

    @Test func aRetryAfterTheDraftWasMadeButNotRecordedAdoptsIt() async throws {
        try await OutlookFixture.with { fixture in
            let id = try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.syncAndProcess()
            let thread = try #require(await fixture.graph.message(email: fixture.address, id: id)).conversationId
            let made = try #require(try await fixture.graph.drafts(email: fixture.address, conversationId: thread).first)
            // The state a worker killed right after `createReply` answered leaves: Graph has the draft, the ledger
            // only the `draft_started` row. Then the apply job runs again.
            try await fixture.service.query("DELETE FROM floworx.mailbox_drafts")
            try await fixture.service.query("DELETE FROM floworx.mailbox_effects WHERE effect = 'draft'")
            let payload = try #require(try await fixture.strings("SELECT payload::text FROM floworx.jobs WHERE kind = 'mailbox.apply'").first)
            try await JobQueue(database: fixture.service).enqueue([NewJob(kind: MailboxJobKind.apply, payloadJSON: payload, integrationId: fixture.integrationId, clientId: fixture.client)])
            try await fixture.workers.drain()

            #expect(try await fixture.graph.drafts(email: fixture.address, conversationId: thread).map(\.id) == [made.id], "no second draft")
            #expect(try await fixture.strings("SELECT draft_id || ':' || state FROM floworx.mailbox_drafts") == ["\(made.id):open"])
            #expect(await fixture.graph.message(email: fixture.address, id: id)?.isRead == false)
        }
    }

    @Test func theSchedulerKeepsOneOwnerScanWaitingAnIntervalAhead() async throws {
        try await OutlookFixture.with { fixture in
            let scheduler = MailboxScheduler(database: fixture.service, configuration: fixture.configuration, logger: TestCluster.logger)
            try await scheduler.schedule()
            try await scheduler.schedule()
            let waiting = try await fixture.strings("SELECT round(extract(epoch FROM run_at - now()))::text FROM floworx.jobs WHERE kind = 'mailbox.owner' AND status = 'pending'")
            #expect(waiting.count == 1, "one scan waits per mailbox")
            #expect(waiting.first.flatMap(Double.init).map { (1_790...1_800).contains($0) } == true, "due one interval (30 min) ahead: \(waiting)")
        }
    }
}
