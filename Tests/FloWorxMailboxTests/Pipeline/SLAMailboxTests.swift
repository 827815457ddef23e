import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// A reply seen in the mailbox stops the email's SLA timer (`answered_by: mailbox`): on Gmail any message the owner
/// sends in the thread, on Outlook a reply sent from FloWorx's draft or written in Outlook (Sent Items' delta). Other
/// emails' timers keep running.
@Suite struct SLAMailboxTests {
    /// Gives the processed email `providerId` a pending timer in thread `thread` (whether or not the pipeline started one).
    static func timer(_ fixture: some MailboxTestFixture, _ providerId: String, thread: String) async throws -> UUID {
        let log = try #require(try await fixture.strings("SELECT id::text FROM public.email_logs WHERE message_id = \(providerId)").first.flatMap(UUID.init(uuidString:)))
        let now = Date()
        try await SLATimerRepository(database: fixture.service).start([(log, fixture.client, SLATimerStart(
            startedAt: now, dueAt: now.addingTimeInterval(3_600), targetMinutes: 60, category: .sales, threadId: thread))])
        _ = try await fixture.service.query("UPDATE floworx.sla_timers SET thread_id = \(thread), status = 'pending' WHERE email_log_id = \(log)").collect()
        return log
    }

    static func state(_ fixture: some MailboxTestFixture, _ log: UUID) async throws -> String? {
        try await fixture.strings("SELECT status || ':' || coalesce(answered_by, '-') FROM floworx.sla_timers WHERE email_log_id = \(log)").first
    }

    @Test func aMessageTheOwnerSendsInTheGmailThreadAnswersTheTimer() async throws {
        try await GmailFixture.with { fixture in
            let quote = try await fixture.deliver("010-quote-new-furnace.eml")
            let gas = try await fixture.deliver("003-gas-smell-basement.eml")
            try await fixture.syncAndProcess()
            let quoteThread = try #require(await fixture.gmail.message(email: fixture.address, id: quote)).threadId
            let gasThread = try #require(await fixture.gmail.message(email: fixture.address, id: gas)).threadId
            let quoteLog = try await Self.timer(fixture, quote, thread: quoteThread)
            let gasLog = try await Self.timer(fixture, gas, thread: gasThread)

            // The owner answers the quote in their own words (not from FloWorx's draft).
            // Gmail threads it by subject.
            let subject = try #require(try await fixture.strings("SELECT subject FROM public.email_logs WHERE id = \(quoteLog)").first)
            let reply = "From: service@northlinehvac.ca\r\nTo: customer@example.com\r\nSubject: Re: \(subject)\r\nMessage-ID: <reply-1@northlinehvac.ca>\r\n\r\nI will call you this afternoon.\r\n"
            try await fixture.gmail.deliver(to: fixture.address, raw: Data(reply.utf8), threadId: quoteThread, labelIds: ["SENT"])
            try await fixture.syncAndProcess()

            #expect(try await Self.state(fixture, quoteLog) == "answered:mailbox")
            #expect(try await Self.state(fixture, gasLog) == "pending:-")
        }
    }

    @Test func anOutlookReplySentFromTheDraftAnswersTheTimer() async throws {
        try await OutlookFixture.with { fixture in
            let quote = try await fixture.deliver("010-quote-new-furnace.eml")
            let gas = try await fixture.deliver("003-gas-smell-basement.eml")
            try await fixture.syncAndProcess()
            let quoteThread = try #require(await fixture.graph.message(email: fixture.address, id: quote)).conversationId
            let quoteLog = try await Self.timer(fixture, quote, thread: quoteThread)
            let gasLog = try await Self.timer(fixture, gas, thread: "other")
            let draft = try #require(try await fixture.graph.drafts(email: fixture.address, conversationId: quoteThread).first)
            _ = try await fixture.graph.sendDraft(email: fixture.address, id: draft.id)

            try await OutlookOwnerActionsTests.scanOwner(fixture)
            #expect(try await Self.state(fixture, quoteLog) == "answered:mailbox")
            #expect(try await Self.state(fixture, gasLog) == "pending:-")
        }
    }

    /// A reply the owner writes in Outlook itself (not from FloWorx's draft) shows in Sent Items' delta.
    @Test func anOutlookReplyTheOwnerWroteThemselvesAnswersTheTimer() async throws {
        try await OutlookFixture.with { fixture in
            let quote = try await fixture.deliver("010-quote-new-furnace.eml")
            let gas = try await fixture.deliver("003-gas-smell-basement.eml")
            try await fixture.syncAndProcess()
            let snapshot = try #require(await fixture.graph.message(email: fixture.address, id: quote))
            let quoteLog = try await Self.timer(fixture, quote, thread: snapshot.conversationId)
            let gasLog = try await Self.timer(fixture, gas, thread: try #require(await fixture.graph.message(email: fixture.address, id: gas)).conversationId)
            // The first scan records where Sent Items stands.
            try await OutlookOwnerActionsTests.scanOwner(fixture)
            #expect(try await Self.state(fixture, quoteLog) == "pending:-")

            let subject = try #require(try await fixture.strings("SELECT subject FROM public.email_logs WHERE id = \(quoteLog)").first)
            let reply = "From: service@northlinehvac.ca\r\nTo: customer@example.com\r\nSubject: Re: \(subject)\r\n"
                + "Message-ID: <own-reply-1@northlinehvac.ca>\r\nIn-Reply-To: \(snapshot.internetMessageId)\r\n\r\nI will call you this afternoon.\r\n"
            let sent = try await fixture.graph.deliver(to: fixture.address, raw: reply)
            try await fixture.graph.moveToFolder(email: fixture.address, id: sent, folder: "sentitems")
            try await OutlookOwnerActionsTests.scanOwner(fixture)
            #expect(try await Self.state(fixture, quoteLog) == "answered:mailbox")
            #expect(try await Self.state(fixture, gasLog) == "pending:-")
        }
    }
}
