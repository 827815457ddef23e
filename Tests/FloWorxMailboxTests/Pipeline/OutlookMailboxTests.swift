import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// A connected Outlook mailbox end to end against the local Graph server: delta sync, filing into the category's
/// child folder of the Inbox, a reply draft in the conversation that leaves the original unread.
@Suite struct OutlookMailboxTests {
    @Test func newMailIsFiledAndGetsOneDraftWithoutBeingMarkedRead() async throws {
        try await OutlookFixture.with { fixture in
            let id = try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.syncAndProcess()

            let folders = try await fixture.graph.folders(email: fixture.address)
            let sales = try #require(folders.first { $0.displayName == "SALES" }, "the SALES folder is created")
            let message = try #require(await fixture.graph.message(email: fixture.address, id: id))
            #expect(message.folderId == sales.id, "the message was moved; its immutable id did not change")
            #expect(message.isRead == false, "creating the reply draft did not mark the original read")
            let drafts = try await fixture.graph.drafts(email: fixture.address, conversationId: message.conversationId)
            #expect(drafts.count == 1)
            #expect(drafts.first?.replyToMessageId == id)
            #expect(try await fixture.strings("SELECT email_labels->'outlook'->'SALES'->>'id' FROM public.profiles WHERE id = \(fixture.client)") == [sales.id])
            #expect(try await fixture.strings("SELECT checkpoint FROM floworx.mailboxes WHERE integration_id = \(fixture.integrationId)").first?.contains("deltatoken") == true)
        }
    }

    @Test func aRepeatedSyncFetchesNothingAndDraftsNothingTwice() async throws {
        try await OutlookFixture.with { fixture in
            let id = try await fixture.deliver("003-gas-smell-basement.eml")
            try await fixture.syncAndProcess()
            let before = await fixture.graph.counters(email: fixture.address)
            try await fixture.syncAndProcess()
            let after = await fixture.graph.counters(email: fixture.address)
            for key in after.keys where key.contains("createReply") || key.contains("$value") || key.contains("move") {
                #expect(after[key] == before[key], "\(key) was not called again")
            }
            let message = try #require(await fixture.graph.message(email: fixture.address, id: id))
            #expect(try await fixture.graph.drafts(email: fixture.address, conversationId: message.conversationId).count == 1)
            #expect(try await fixture.strings("SELECT message_id FROM public.email_logs") == [id])
        }
    }

    @Test func anExpiredDeltaStateIsFollowedByABackfill() async throws {
        try await OutlookFixture.with { fixture in
            let first = try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.syncAndProcess()
            try await fixture.graph.expireDelta(email: fixture.address)
            let second = try await fixture.deliver("003-gas-smell-basement.eml")
            try await fixture.syncAndProcess()
            #expect(Set(try await fixture.strings("SELECT message_id FROM public.email_logs")) == [first, second])
            #expect(try await fixture.strings("SELECT coalesce(resync_from::text, 'none') FROM floworx.mailboxes WHERE integration_id = \(fixture.integrationId)") == ["none"])
        }
    }
}
