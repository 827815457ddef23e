import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import FloWorxWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// The email page's "Open in Gmail / Outlook" for mail from a connected mailbox, and dates in the business's time zone.
@Suite struct EmailSourceLinkTests {
    /// Records the `email_received` event the pipeline writes, naming the provider, and sets the log's message id.
    private func received(_ app: WebTestApp, owner: UUID, email: UUID, provider: String, messageId: String) async throws {
        let service = app.db.database.service
        _ = try await service.query("UPDATE public.email_logs SET message_id = \(messageId) WHERE id = \(email)").collect()
        let data = #"{"email_log_id": "\#(email.uuidString.lowercased())", "provider": "\#(provider)", "message_id": "x"}"#
        _ = try await service.query("""
            INSERT INTO public.analytics_events (client_id, event_type, event_data) VALUES (\(owner), 'email_received', \(data)::jsonb)
            """).collect()
    }

    @Test func mailboxMailOpensInGmailOrOutlookAndTimesAreInTheBusinessZone() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            let owner = try await app.userId(try await browser.signUp())
            _ = try await app.db.database.service.query("""
                INSERT INTO public.business_hours (client_id, timezone, hours)
                VALUES (\(owner), 'America/Edmonton', '{"version": 1, "weekly": {"mon": [["08:00", "17:00"]]}}')
                ON CONFLICT (client_id) DO UPDATE SET timezone = excluded.timezone, hours = excluded.hours
                """).collect()
            let gmail = try await app.addEmail(owner: owner, subject: "From Gmail")
            try await received(app, owner: owner, email: gmail, provider: "gmail", messageId: "18c2f3a9b7d1e0f4")
            let outlook = try await app.addEmail(owner: owner, subject: "From Outlook")
            try await received(app, owner: owner, email: outlook, provider: "outlook", messageId: "AAMkAGI2/TG9+=")
            let api = try await app.addEmail(owner: owner, subject: "From the API")
            try await received(app, owner: owner, email: api, provider: "api", messageId: "<abc@example.net>")

            let gmailPage = String(buffer: try await browser.get("/inbox/\(gmail.uuidString.lowercased())").body)
            #expect(gmailPage.contains(#"href="https://mail.google.com/mail/u/0/#all/18c2f3a9b7d1e0f4""#) && gmailPage.contains("Open in Gmail"))
            #expect(gmailPage.contains("America/Edmonton</time>"), "the time is labelled with the business's zone")
            let outlookPage = String(buffer: try await browser.get("/inbox/\(outlook.uuidString.lowercased())").body)
            #expect(outlookPage.contains(#"href="https://outlook.office.com/mail/deeplink/read/AAMkAGI2%2FTG9%2B%3D""#))
            let apiPage = String(buffer: try await browser.get("/inbox/\(api.uuidString.lowercased())").body)
            #expect(!apiPage.contains("Open in Gmail") && !apiPage.contains("Open in Outlook"))
            let inbox = String(buffer: try await browser.get("/inbox").body)
            #expect(inbox.contains("America/Edmonton</time>"))
            // The time shown is the UTC instant moved to Edmonton (UTC-7 in winter, UTC-6 in summer).
            let stored = try await app.db.database.service.query("SELECT created_at FROM public.email_logs WHERE id = \(gmail)").collect().first!.decode(Date.self)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_GB")
            formatter.timeZone = TimeZone(identifier: "America/Edmonton")
            formatter.dateFormat = "d MMM yyyy, HH:mm"
            #expect(gmailPage.contains(formatter.string(from: stored) + " America/Edmonton"))
        }
    }
}
