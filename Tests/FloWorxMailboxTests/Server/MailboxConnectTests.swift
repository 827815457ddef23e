import AsyncHTTPClient
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import PostgresNIO
import Testing

/// Connecting and disconnecting mailboxes through FloWorx's routes, against the local Google and Microsoft OAuth
/// servers: authorization code with PKCE S256, single-use state, tokens stored only encrypted.
@Suite struct MailboxConnectTests {
    /// Follows an authorization URL as the owner's browser would, up to the redirect back to FloWorx.
    static func consent(_ url: String) async throws -> [String: String] {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            #expect(response.status == .found)
            let location = try #require(response.headers.first(name: "location"))
            try await client.shutdown()
            return MailboxServer.query(location)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    @Test func gmailConnectsWithPKCEAndTheStateWorksOnce() async throws {
        try await GmailFixture.with { fixture in
            var mailbox = MailboxServerConfiguration()
            mailbox.oauth = fixture.configuration.oauth
            mailbox.gmail = fixture.configuration.gmail
            try await MailboxServer.with(fixture.db, mailbox: mailbox) { client, tokens in
                let bearer = try await MailboxServer.bearer(fixture.client, fixture.db, tokens)
                let started = try await client.execute(uri: "/api/v1/integrations/gmail/connect?login_hint=\(fixture.address)", method: .post, headers: [.authorization: bearer])
                #expect(started.status == .ok)
                let url = try #require(try JSONSerialization.jsonObject(with: Data(started.body.readableBytesView)) as? [String: Any])["authorization_url"] as? String
                let authorize = MailboxServer.query(try #require(url))
                #expect(authorize["code_challenge_method"] == "S256")
                #expect(authorize["scope"] == "https://www.googleapis.com/auth/gmail.modify")
                let back = try await Self.consent(try #require(url))
                let callback = "/api/v1/integrations/gmail/callback?code=\(try #require(back["code"]))&state=\(try #require(back["state"]))"
                let done = try await client.execute(uri: callback, method: .get)
                #expect(done.status == .ok)
                let body = String(buffer: done.body)
                #expect(body.contains("\"active\""))
                #expect(!body.contains("token"), "no token in the answer")
                // The same state again is refused: a sign-in link works once.
                let again = try await client.execute(uri: callback, method: .get)
                #expect(again.status == .badRequest)
                #expect(String(buffer: again.body).contains("invalid_state"))
                let stored = try await fixture.strings("SELECT credentials::text FROM public.integrations WHERE id = \(fixture.integrationId)")
                #expect(stored.count == 1)
                #expect(stored.first?.contains("A256GCM") == true)
                let tokens = try JSONDecoder().decode(OAuthTokens.self, from: try #require(try await fixture.credentials.credentials(integrationId: fixture.integrationId)))
                #expect(stored.first?.contains(tokens.accessToken) == false && stored.first?.contains(tokens.refreshToken ?? "-") == false, "tokens only encrypted")
                // Nowhere else either: a dump of the whole database (jobs, logs, events, ledger) holds neither token.
                let info = fixture.db.info
                var environment = ProcessInfo.processInfo.environment
                environment["PGPASSWORD"] = info.password
                let dump = try ChildProcess.run(try PostgresBinaries.locate().path("pg_dump"),
                                                ["-h", info.host, "-p", "\(info.port)", "-U", info.username, "-d", info.database], environment: environment)
                #expect(dump.status == 0 && dump.output.contains("A256GCM"), "the dump has the sealed credentials")
                #expect(!dump.output.contains(tokens.accessToken) && !dump.output.contains(tokens.refreshToken ?? "-"), "no plaintext token in pg_dump")
                #expect(try await fixture.count("SELECT count(*)::int FROM floworx.jobs WHERE kind IN ('mailbox.sync', 'mailbox.renew') AND status = 'pending'") == 2)
            }
        }
    }

    @Test func aRefusedConsentGoesBackToTheWebAppWithTheReason() async throws {
        try await GmailFixture.with { fixture in
            var mailbox = MailboxServerConfiguration()
            mailbox.oauth = fixture.configuration.oauth
            mailbox.gmail = fixture.configuration.gmail
            try await MailboxServer.with(fixture.db, mailbox: mailbox) { client, tokens in
                let bearer = try await MailboxServer.bearer(fixture.client, fixture.db, tokens)
                let started = try await client.execute(uri: "/api/v1/integrations/gmail/connect?return_to=/app/settings%3Ftab%3Dmail", method: .post, headers: [.authorization: bearer])
                let answer = try JSONSerialization.jsonObject(with: Data(started.body.readableBytesView)) as? [String: Any]
                let url = try #require(answer?["authorization_url"] as? String)
                let state = try #require(MailboxServer.query(url)["state"])
                // Google sends the browser back with error=access_denied when the owner clicks Cancel.
                let denied = try await client.execute(uri: "/api/v1/integrations/gmail/callback?error=access_denied&state=\(state)", method: .get)
                #expect(denied.status == .found)
                let location = try #require(denied.headers[.location])
                #expect(location.hasPrefix("/app/settings?tab=mail&error=consent_denied&error_description="), "\(location)")
                #expect(location.hasSuffix("&provider=gmail"))
                #expect(try await fixture.count("SELECT count(*)::int FROM public.analytics_events WHERE event_type = 'integration_connected'") == 0, "nothing connected")
                #expect(try await fixture.count("SELECT count(*)::int FROM floworx.jobs") == 0, "no sync started")
            }
        }
    }

    @Test func aStateFromAnotherProviderOrNoneIsRefused() async throws {
        try await GmailFixture.with { fixture in
            var mailbox = MailboxServerConfiguration()
            mailbox.oauth = fixture.configuration.oauth
            try await MailboxServer.with(fixture.db, mailbox: mailbox) { client, tokens in
                let missing = try await client.execute(uri: "/api/v1/integrations/gmail/callback?code=x", method: .get)
                #expect(missing.status == .badRequest)
                let forged = try await client.execute(uri: "/api/v1/integrations/gmail/callback?code=x&state=forged", method: .get)
                #expect(forged.status == .badRequest)
                let anonymous = try await client.execute(uri: "/api/v1/integrations/gmail/connect", method: .post)
                #expect(anonymous.status == .unauthorized)
                let bearer = try await MailboxServer.bearer(fixture.client, fixture.db, tokens)
                let unconfigured = try await client.execute(uri: "/api/v1/integrations/outlook/connect", method: .post, headers: [.authorization: bearer])
                #expect(unconfigured.status == .serviceUnavailable)
                let openRedirect = try await client.execute(uri: "/api/v1/integrations/gmail/connect?return_to=//evil.example", method: .post, headers: [.authorization: bearer])
                #expect(openRedirect.status == .badRequest)
            }
        }
    }

    @Test func disconnectRevokesAtGoogleAndForgetsTheTokens() async throws {
        try await GmailFixture.with { fixture in
            var mailbox = MailboxServerConfiguration()
            mailbox.oauth = fixture.configuration.oauth
            mailbox.gmail = fixture.configuration.gmail
            try await MailboxServer.with(fixture.db, mailbox: mailbox) { client, tokens in
                let bearer = try await MailboxServer.bearer(fixture.client, fixture.db, tokens)
                let response = try await client.execute(uri: "/api/v1/integrations/\(fixture.integrationId)/disconnect", method: .post, headers: [.authorization: bearer])
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"revoked_at_provider\":true"))
                #expect(await fixture.oauth.requestCount("revoke") == 1)
                #expect(try await fixture.strings("SELECT status || ':' || credentials::text FROM public.integrations WHERE id = \(fixture.integrationId)") == ["revoked:{}"])
                #expect(try await fixture.strings("SELECT paused::text FROM floworx.mailboxes") == ["true"])
                // Nothing syncs any more.
                try await fixture.deliver("010-quote-new-furnace.eml")
                try await fixture.queueSync()
                try await fixture.workers.drain()
                #expect(try await fixture.count("SELECT count(*)::int FROM public.email_logs") == 0)
            }
        }
    }
}
