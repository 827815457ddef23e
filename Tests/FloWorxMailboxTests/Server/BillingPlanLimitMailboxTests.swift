import FloWorxCore
import FloWorxIntegrations
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// The plan's mailbox limit on the OAuth connect flow (issue 15): refused before the owner is sent to the provider,
/// and again at the callback when the business reached its limit meanwhile; nothing is connected or stored.
@Suite("Billing: plan limit on connecting mailboxes")
struct BillingPlanLimitMailboxTests {
    /// Google from the fixture, and a Microsoft client (its connect step only builds a URL; no request is made).
    static func configuration(_ fixture: GmailFixture) -> MailboxServerConfiguration {
        var mailbox = MailboxServerConfiguration()
        mailbox.oauth = fixture.configuration.oauth
        mailbox.oauth["outlook"] = OAuthClient(provider: .microsoft(tenant: "common", clientId: "mid", clientSecret: "msecret",
                                                                    redirectURI: "http://floworx.test/api/v1/integrations/outlook/callback",
                                                                    authority: "http://127.0.0.1:9"))
        mailbox.gmail = fixture.configuration.gmail
        return mailbox
    }

    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
    }

    @Test("on the free plan (1 mailbox) a second mailbox is refused at connect with 402, before any OAuth state; reconnecting the first is not")
    func refusedAtConnect() async throws {
        try await GmailFixture.with { fixture in
            try await PlanLimitRepository(database: fixture.db.database.service).sync(.builtIn)
            try await MailboxServer.with(fixture.db, mailbox: Self.configuration(fixture)) { client, tokens in
                let bearer = try await MailboxServer.bearer(fixture.client, fixture.db, tokens)
                let refused = try await client.execute(uri: "/api/v1/integrations/outlook/connect", method: .post, headers: [.authorization: bearer])
                #expect(refused.status.code == 402, "\(String(buffer: refused.body))")
                let answer = Self.object(refused)
                #expect(answer["code"] as? String == "plan_limit_reached")
                let message = answer["message"] as? String ?? ""
                #expect(message.contains("the Free plan allows 1 connected mailbox") && message.contains("/billing"), "\(message)")
                #expect(try await fixture.count("SELECT count(*)::int FROM floworx.oauth_states") == 0, "no OAuth flow started")
                // The mailbox it has can be connected again (its row is reused).
                let again = try await client.execute(uri: "/api/v1/integrations/gmail/connect", method: .post, headers: [.authorization: bearer])
                #expect(again.status == .ok)
            }
        }
    }

    @Test("a callback arriving after the business reached its limit is refused (back to the web app with the reason), nothing connected")
    func refusedAtCallback() async throws {
        try await GmailFixture.with { fixture in
            let service = fixture.db.database.service
            try await PlanLimitRepository(database: service).sync(.builtIn)
            // The business has no mailbox connected (its Gmail was disconnected) and starts connecting Gmail.
            try await service.query("UPDATE public.integrations SET status = 'revoked' WHERE id = \(fixture.integrationId)").collect()
            try await MailboxServer.with(fixture.db, mailbox: Self.configuration(fixture)) { client, tokens in
                let bearer = try await MailboxServer.bearer(fixture.client, fixture.db, tokens)
                let started = try await client.execute(uri: "/api/v1/integrations/gmail/connect?return_to=/settings", method: .post, headers: [.authorization: bearer])
                #expect(started.status == .ok)
                let url = try #require(Self.object(started)["authorization_url"] as? String)
                let back = try await MailboxConnectTests.consent(url)
                // Meanwhile, in another tab, an Outlook mailbox took the plan's one place.
                try await service.query("INSERT INTO public.integrations (client_id, provider, status) VALUES (\(fixture.client), 'outlook', 'active')").collect()
                let done = try await client.execute(
                    uri: "/api/v1/integrations/gmail/callback?code=\(try #require(back["code"]))&state=\(try #require(back["state"]))", method: .get)
                #expect(done.status == .found)
                let location = try #require(done.headers[.location])
                #expect(location.hasPrefix("/settings?error=plan_limit_reached&error_description="), "\(location)")
                #expect(try await fixture.strings("SELECT status FROM public.integrations WHERE id = \(fixture.integrationId)") == ["revoked"], "Gmail not revived")
                #expect(try await fixture.count("SELECT count(*)::int FROM floworx.jobs WHERE kind IN ('mailbox.sync', 'mailbox.renew')") == 0, "no sync started")
                #expect(try await fixture.count("SELECT count(*)::int FROM public.analytics_events WHERE event_type = 'integration_connected'") == 0)
                // The database refuses the revival itself too, whatever the path.
                await #expect(throws: PlanLimitError.self) {
                    do {
                        try await service.query("UPDATE public.integrations SET status = 'active' WHERE id = \(fixture.integrationId)").collect()
                    } catch {
                        throw PlanLimitError(error) ?? error
                    }
                }
            }
        }
    }
}
