import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// A connected Gmail mailbox end to end against the local Gmail and Google OAuth servers: new mail is fetched from
/// history, processed, labelled and answered with a draft in its thread; retries and redeliveries change nothing.
@Suite struct GmailMailboxTests {
    @Test func newMailIsLabelledAndGetsOneDraftInItsThread() async throws {
        try await GmailFixture.with { fixture in
            let id = try await fixture.deliver("010-quote-new-furnace.eml")
            let delivered = try #require(await fixture.gmail.historyId(email: fixture.address))
            try await fixture.syncAndProcess()

            let labels = await fixture.gmail.labelList(email: fixture.address)
            let sales = try #require(labels.first { $0.name == "SALES" }, "the SALES label is created")
            #expect(await fixture.gmail.labels(email: fixture.address, messageId: id)?.contains(sales.id) == true)
            let message = try #require(await fixture.gmail.message(email: fixture.address, id: id))
            let drafts = await fixture.gmail.drafts(email: fixture.address, threadId: message.threadId)
            #expect(drafts.count == 1)
            let draft = String(decoding: try #require(drafts.first).raw, as: UTF8.self)
            #expect(draft.contains("In-Reply-To: <"))
            #expect(draft.contains("Subject: Re: "))
            #expect(draft.contains("To: "))
            // The label's id is kept in the profile, so a rename in Gmail changes nothing.
            #expect(try await fixture.strings("SELECT email_labels->'gmail'->'SALES'->>'id' FROM public.profiles WHERE id = \(fixture.client)") == [sales.id])
            // The checkpoint moved past the delivery (FloWorx's own label and draft come after it in history).
            let checkpoint = try #require(try await fixture.strings("SELECT checkpoint FROM floworx.mailboxes WHERE integration_id = \(fixture.integrationId)").first)
            #expect(UInt64(checkpoint).map { $0 >= delivered } == true)
        }
    }

    /// Issue 15: a canceled subscription pauses the write-back into the mailbox; the mail is still synced and sorted.
    @Test func aCanceledSubscriptionPausesTheWriteBackButNotTheSorting() async throws {
        try await GmailFixture.with { fixture in
            try await fixture.service.query("""
                INSERT INTO public.subscriptions (client_id, plan_id, status, current_period_start, current_period_end)
                VALUES (\(fixture.client), 'starter', 'canceled', now() - interval '20 days', now() + interval '10 days')
                """).collect()
            let id = try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.syncAndProcess()
            // Sorted: the email's log row is processed.
            #expect(try await fixture.count("SELECT count(*)::int8 FROM public.email_logs WHERE client_id = \(fixture.client) AND status IN ('processed', 'escalated')") == 1)
            // Nothing written into the mailbox: no FloWorx label on the message, no draft in its thread.
            let labels = await fixture.gmail.labelList(email: fixture.address)
            #expect(!labels.contains { $0.name == "SALES" })
            let message = try #require(await fixture.gmail.message(email: fixture.address, id: id))
            #expect(await fixture.gmail.drafts(email: fixture.address, threadId: message.threadId).isEmpty)
        }
    }

    @Test func aSecondSyncAndARepeatedWriteBackChangeNothing() async throws {
        try await GmailFixture.with { fixture in
            let id = try await fixture.deliver("003-gas-smell-basement.eml")
            try await fixture.syncAndProcess()
            await fixture.gmail.resetCounters()
            // A duplicate push, and the write-back job queued again as a redelivered completion would.
            try await fixture.syncAndProcess()
            let log = try #require(try await fixture.strings("SELECT id::text FROM public.email_logs WHERE message_id = \(id)").first)
            try await JobQueue(database: fixture.service).enqueue([NewJob(
                kind: MailboxJobKind.apply, payloadJSON: #"{"email_log_id": "\#(log)", "message_id": "\#(id)"}"#, dedupeKey: log + "-again",
                integrationId: fixture.integrationId, clientId: fixture.client
            )])
            try await fixture.workers.drain()
            let calls = await fixture.gmail.callCounts(email: fixture.address)
            #expect(calls["messages.modify", default: 0] == 0, "no second label")
            #expect(calls["drafts.create", default: 0] == 0, "no second draft")
            #expect(calls["messages.get", default: 0] == 0, "nothing fetched twice")
            #expect(try await fixture.count("SELECT count(*)::int FROM public.email_logs") == 1)
            let message = try #require(await fixture.gmail.message(email: fixture.address, id: id))
            #expect(await fixture.gmail.drafts(email: fixture.address, threadId: message.threadId).count == 1)
            let urgent = try #require(await fixture.gmail.labelList(email: fixture.address).first { $0.name == "URGENT" })
            #expect(await fixture.gmail.labels(email: fixture.address, messageId: id)?.contains(urgent.id) == true)
        }
    }

    @Test func anExpiredAccessTokenIsRefreshedOnceAndTheSyncGoesOn() async throws {
        try await GmailFixture.with { fixture in
            let id = try await fixture.deliver("010-quote-new-furnace.eml")
            let before = try #require(try await fixture.credentials.credentials(integrationId: fixture.integrationId))
            FloWorxMetrics.bootstrap()
            let refreshes = #"floworx_token_refreshes_total{provider="gmail",outcome="refreshed"}"#
            let refreshedBefore = PrometheusText.sample(FloWorxMetrics.render(), refreshes) ?? 0
            await fixture.oauth.expireAccessTokens()
            try await fixture.syncAndProcess()
            // Counted in the process's metrics (other suites may refresh too: at least this one).
            #expect((PrometheusText.sample(FloWorxMetrics.render(), refreshes) ?? 0) >= refreshedBefore + 1)
            #expect(await fixture.gmail.labels(email: fixture.address, messageId: id)?.count ?? 0 > 2)
            let after = try #require(try await fixture.credentials.credentials(integrationId: fixture.integrationId))
            let old = try JSONDecoder().decode(OAuthTokens.self, from: before), new = try JSONDecoder().decode(OAuthTokens.self, from: after)
            #expect(old.accessToken != new.accessToken)
            #expect(new.refreshToken == old.refreshToken, "Google returns no new refresh token; the stored one is kept")
            #expect(await fixture.oauth.requestCount("token") == 1)
        }
    }

    @Test func withdrawnConsentStopsTheMailboxOnceAndTellsTheOwner() async throws {
        try await GmailFixture.with { fixture in
            try await fixture.deliver("010-quote-new-furnace.eml")
            FloWorxMetrics.bootstrap()
            let withdrawn = #"floworx_token_refreshes_total{provider="gmail",outcome="invalid_grant"}"#
            let withdrawnBefore = PrometheusText.sample(FloWorxMetrics.render(), withdrawn) ?? 0
            await fixture.oauth.revokeConsent(email: fixture.address)
            await fixture.oauth.expireAccessTokens()
            try await fixture.queueSync()
            try await fixture.workers.drain()
            try await fixture.queueSync()
            try await fixture.workers.drain()
            #expect(try await fixture.strings("SELECT status FROM public.integrations WHERE id = \(fixture.integrationId)") == ["error"])
            #expect(try await fixture.strings("SELECT paused::text FROM floworx.mailboxes WHERE integration_id = \(fixture.integrationId)") == ["true"])
            #expect(try await fixture.strings("SELECT error_type FROM public.error_logs") == ["mailbox_access_withdrawn"], "one error, the one that says how to fix it")
            #expect(await fixture.oauth.requestCount("token") == 1, "no retry storm against the token endpoint")
            #expect((PrometheusText.sample(FloWorxMetrics.render(), withdrawn) ?? 0) >= withdrawnBefore + 1)
            #expect(try await fixture.count("SELECT count(*)::int FROM public.email_logs") == 0)
        }
    }

    @Test func anExpiredHistoryIdIsFollowedByABackfillNotAJump() async throws {
        try await GmailFixture.with { fixture in
            let first = try await fixture.deliver("010-quote-new-furnace.eml")
            await fixture.gmail.expireHistory(email: fixture.address)
            try await fixture.syncAndProcess()
            #expect(try await fixture.strings("SELECT message_id FROM public.email_logs") == [first])
            #expect(try await fixture.strings("SELECT coalesce(resync_from::text, 'none') FROM floworx.mailboxes WHERE integration_id = \(fixture.integrationId)") == ["none"])
            // Incremental sync works again from the new checkpoint.
            let second = try await fixture.deliver("003-gas-smell-basement.eml")
            try await fixture.syncAndProcess()
            #expect(Set(try await fixture.strings("SELECT message_id FROM public.email_logs")) == [first, second])
        }
    }

    @Test func aMessageDeletedBeforeItIsFetchedIsSkippedAndRecorded() async throws {
        try await GmailFixture.with { fixture in
            let gone = try await fixture.deliver("010-quote-new-furnace.eml")
            let kept = try await fixture.deliver("003-gas-smell-basement.eml")
            try await fixture.gmail.deleteMessage(email: fixture.address, messageId: gone)
            try await fixture.syncAndProcess()
            #expect(try await fixture.strings("SELECT message_id FROM public.email_logs") == [kept])
            #expect(try await fixture.strings("SELECT effect FROM floworx.mailbox_effects WHERE message_id = \(gone)") == ["skipped"])
        }
    }

    @Test func throttlingPausesTheMailboxForItsRetryAfterWithoutSpendingAnAttempt() async throws {
        try await GmailFixture.with { fixture in
            try await fixture.deliver("010-quote-new-furnace.eml")
            await fixture.gmail.setUnitsPerUserPerSecond(1)
            try await fixture.queueSync()
            try await fixture.workers.drain()
            let rows = try await fixture.service.query("""
                SELECT status, attempts, run_at > now() FROM floworx.jobs WHERE kind = 'mailbox.sync'
                """).collect()
            let (status, attempts, later) = try #require(rows.first).decode((String, Int, Bool).self)
            #expect(status == "pending")
            #expect(attempts == 0, "a throttled attempt is not counted")
            #expect(later)
            #expect(try await fixture.count("SELECT count(*)::int FROM floworx.mailboxes WHERE not_before > now()") == 1)
        }
    }

    @Test func anEditedDraftIsNeverReplacedAndAnUntouchedOneIs() async throws {
        try await GmailFixture.with { fixture in
            let first = try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.syncAndProcess()
            let thread = try #require(await fixture.gmail.message(email: fixture.address, id: first)).threadId
            let original = try #require(await fixture.gmail.drafts(email: fixture.address, threadId: thread).first)
            // The customer writes again in the same thread: the untouched draft is replaced by one answering it.
            _ = try await fixture.gmail.deliver(to: fixture.address, raw: try Self.followUp(1), threadId: thread)
            try await fixture.syncAndProcess()
            #expect(try await fixture.count("SELECT count(*)::int FROM public.ai_responses") == 2, "both messages got a draft text")
            #expect(try await fixture.strings("SELECT effect || ':' || coalesce(provider_ref, '-') FROM floworx.mailbox_effects ORDER BY created_at").count == 4)
            #expect(try await fixture.strings("SELECT state FROM floworx.mailbox_drafts ORDER BY created_at") == ["replaced", "open"])
            #expect(try await fixture.strings("SELECT status || ':' || coalesce(last_error, '') FROM floworx.jobs WHERE status <> 'completed'") == [])
            let replaced = await fixture.gmail.drafts(email: fixture.address, threadId: thread)
            #expect(replaced.count == 1)
            #expect(replaced.first?.id != original.id)
            // The owner edits that draft; a third message must leave it alone.
            _ = try await fixture.gmail.editDraft(email: fixture.address, draftId: try #require(replaced.first).id, raw: Data("To: greg.paulson@example.com\r\nSubject: Re: Quote\r\n\r\nMy own words.\r\n".utf8))
            _ = try await fixture.gmail.deliver(to: fixture.address, raw: try Self.followUp(2), threadId: thread)
            try await fixture.syncAndProcess()
            let kept = await fixture.gmail.drafts(email: fixture.address, threadId: thread)
            #expect(kept.count == 1)
            #expect(kept.first?.editedByOwner == true)
            #expect(String(decoding: try #require(kept.first).raw, as: UTF8.self).contains("My own words."))
        }
    }

    @Test func aReplySentFromTheDraftIsScoredAndTheDraftClosed() async throws {
        try await GmailFixture.with { fixture in
            let id = try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.syncAndProcess()
            let thread = try #require(await fixture.gmail.message(email: fixture.address, id: id)).threadId
            let draft = try #require(await fixture.gmail.drafts(email: fixture.address, threadId: thread).first)
            _ = try await fixture.gmail.sendDraft(email: fixture.address, draftId: draft.id)
            try await fixture.syncAndProcess()
            #expect(try await fixture.strings("SELECT state || ':' || similarity::text FROM floworx.mailbox_drafts") == ["sent:1"])
            #expect(try await fixture.strings("SELECT metric_value::text FROM public.performance_metrics WHERE metric_type = 'draft_similarity'") == ["1.00"])
            #expect(try await fixture.count("SELECT count(*)::int FROM public.analytics_events WHERE event_type = 'draft_sent'") == 1)
        }
    }

    @Test func movingAMessageToAnotherFloWorxLabelIsACorrection() async throws {
        try await GmailFixture.with { fixture in
            let quote = try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.deliver("003-gas-smell-basement.eml")
            try await fixture.syncAndProcess()
            let labels = await fixture.gmail.labelList(email: fixture.address)
            let sales = try #require(labels.first { $0.name == "SALES" }), urgent = try #require(labels.first { $0.name == "URGENT" })
            try await fixture.gmail.moveToLabel(email: fixture.address, messageId: quote, add: [urgent.id], remove: [sales.id])
            try await fixture.syncAndProcess()
            #expect(try await fixture.strings("SELECT source || ':' || coalesce(from_category, '-') || '>' || to_category FROM floworx.triage_corrections") == ["mailbox:SALES>URGENT"])
            #expect(try await fixture.count("SELECT count(*)::int FROM public.analytics_events WHERE event_type = 'classification_corrected'") == 1)
        }
    }

    @Test func aMessageThatDoesNotParseIsSkippedAndDoesNotHoldTheMailboxBack() async throws {
        try await GmailFixture.with { fixture in
            // No From header (some bounces and system messages): the MIME parser refuses it.
            let bad = try await fixture.gmail.deliver(to: fixture.address, raw: Data("Subject: delivery report\r\nDate: Sun, 6 Dec 2026 08:00:00 +0000\r\n\r\nno sender here\r\n".utf8))
            let good = try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.syncAndProcess()
            #expect(try await fixture.strings("SELECT message_id FROM public.email_logs") == [good])
            #expect(try await fixture.strings("SELECT effect FROM floworx.mailbox_effects WHERE message_id = \(bad)") == ["skipped"])
            #expect(try await fixture.count("SELECT count(*)::int FROM public.error_logs WHERE error_type = 'mailbox_message_skipped'") == 1)
            #expect(try await fixture.count("SELECT count(*)::int FROM floworx.jobs WHERE status <> 'completed'") == 0)
            // Mail after it keeps flowing.
            let next = try await fixture.deliver("003-gas-smell-basement.eml")
            try await fixture.syncAndProcess()
            #expect(Set(try await fixture.strings("SELECT message_id FROM public.email_logs")) == [good, next])
        }
    }

    /// A reply of the customer in the quote's thread (Re: subject, In-Reply-To), with its own Message-ID.
    static func followUp(_ number: Int) throws -> Data {
        var text = try String(contentsOf: MailboxFiles.directory.appendingPathComponent("messages/hvac/010-quote-new-furnace.eml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "Subject: Quote for furnace replacement", with: "Subject: Re: Quote for furnace replacement")
        text = text.replacingOccurrences(
            of: "Message-ID: <CA1a35f15537ecf9f794dd+3fe3cf695e01@mail.gmail.com>",
            with: "Message-ID: <follow-\(number)@mail.gmail.com>\r\nIn-Reply-To: <CA1a35f15537ecf9f794dd+3fe3cf695e01@mail.gmail.com>"
        )
        return Data(text.utf8)
    }

    @Test func aSpentBudgetPostponesWithoutSpendingAnAttemptAndTheWorkFinishesLater() async throws {
        // A burst of 120 units that does not refill during the test: the sync (7 units) and the label tree (33 labels
        // at 5 units) cannot both be paid for, whatever the machine's speed.
        try await GmailFixture.with(configure: { $0.gmailUnitsPerSecond = 0.001; $0.gmailBurst = 120 }) { fixture in
            let id = try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.syncAndProcess()
            let waiting = try await fixture.strings("SELECT status || ':' || attempts FROM floworx.jobs WHERE kind = 'mailbox.apply'")
            #expect(waiting == ["pending:0"], "postponed, no attempt spent: \(waiting)")
            #expect(try await fixture.count("SELECT count(*)::int FROM floworx.jobs WHERE kind = 'mailbox.apply' AND run_at > now()") == 1, "until the budget allows")
            #expect(try await fixture.count("SELECT count(*)::int FROM public.error_logs") == 0, "a postponement is not an error")
            // Time passes: the bucket is full again and the job is due.
            try await fixture.service.query("UPDATE floworx.mailboxes SET budget = 120, budget_at = now()")
            try await fixture.service.query("UPDATE floworx.jobs SET run_at = now() WHERE kind = 'mailbox.apply'")
            try await fixture.workers.drain()
            #expect(try await fixture.strings("SELECT status FROM floworx.jobs WHERE kind = 'mailbox.apply'") == ["completed"])
            #expect(await fixture.gmail.labels(email: fixture.address, messageId: id)?.contains { $0.hasPrefix("Label_") } == true)
        }
    }
}
