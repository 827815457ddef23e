import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// `GET /metrics` (issue 14): off unless an operator token is configured, bearer-protected, Prometheus text whose
/// numbers move with the traffic and the queues. Serialized: the gauges are process-wide, and a scrape of another
/// test's database in between would overwrite them.
@Suite(.serialized) struct MetricsTests {
    static let token = "metrics-\(UUID().uuidString)"

    static func withMetrics(_ body: @Sendable (TestApp) async throws -> Void) async throws {
        FloWorxMetrics.bootstrap()
        try await TestApp.with(configure: { $0.configuration.metricsToken = token }, body)
    }

    static func scrape(_ app: TestApp) async throws -> String {
        let response = try await app.request(.get, "/metrics", as: .nobody, headers: [.authorization: "Bearer \(token)"])
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        return String(buffer: response.body)
    }

    /// The value of the sample `name{labels}` in `text` (labels as rendered, in order), nil when absent.
    static func sample(_ text: String, _ series: String) -> Double? {
        PrometheusText.sample(text, series)
    }

    @Test func isOffWithoutAToken() async throws {
        FloWorxMetrics.bootstrap()
        try await TestApp.with { app in
            let response = try await app.request(.get, "/metrics", as: .nobody)
            #expect(response.status == .notFound)
            let code = try response.json()["code"]
            #expect(code == .string("metrics_disabled"))
        }
    }

    @Test func needsTheOperatorsBearerToken() async throws {
        try await Self.withMetrics { app in
            let attempts: [HTTPFields] = [[:], [.authorization: "Bearer wrong"], [.authorization: Self.token]]
            for headers in attempts {
                let response = try await app.request(.get, "/metrics", as: .nobody, headers: headers)
                #expect(response.status == .unauthorized)
                let code = try response.json()["code"]
                #expect(code == .string("metrics_unauthorized"))
                #expect(!String(buffer: response.body).contains("http_server_requests_total"))
            }
        }
    }

    @Test func requestCountsAndLatenciesMovePerRouteTemplateWithoutTenantIds() async throws {
        try await Self.withMetrics { app in
            let session = try await app.signUp()
            _ = try await app.request(.get, "/health", as: .nobody)
            let series = #"http_server_requests_total{route="/health",method="GET",status="200"}"#
            let before = try #require(Self.sample(try await Self.scrape(app), series))
            for _ in 0..<3 { _ = try await app.request(.get, "/health", as: .nobody) }
            _ = try await app.request(.get, "/rest/v1/email_logs?select=id", as: .user(session))
            let text = try await Self.scrape(app)
            // Other suites run at the same time in this process: at least our three more.
            let after = try #require(Self.sample(text, series))
            #expect(after >= before + 3)
            #expect(text.contains(#"http_server_request_duration_seconds_bucket{route="/health",method="GET",status="200",le="#))
            // A route is labelled by its template, never by the tenant's table row or user id.
            #expect(text.contains(#"route="/rest/v1/{table}""#))
            #expect(!text.contains(session.id))
            #expect(!text.contains(session.userId.uuidString))
        }
    }

    @Test func queueDepthsAndTheOldestDueAgeComeFromTheDatabase() async throws {
        try await Self.withMetrics { app in
            try await app.db.execute("""
                INSERT INTO floworx.jobs (kind, status, run_at)
                SELECT 'metrics.test', 'pending', now() - interval '90 seconds' FROM generate_series(1, 3)
                """)
            try await app.db.execute("INSERT INTO floworx.jobs (kind, status, run_at) VALUES ('metrics.test', 'pending', now() + interval '1 hour')")
            let text = try await Self.scrape(app)
            #expect(Self.sample(text, #"floworx_queue_depth{queue="metrics.test",status="pending"}"#) == 4)
            let age = try #require(Self.sample(text, #"floworx_queue_oldest_due_age_seconds{queue="metrics.test"}"#))
            #expect(age >= 90)
            #expect(Self.sample(text, #"floworx_queue_depth{queue="email",status="pending"}"#) == 0)
            try await app.db.execute("UPDATE floworx.jobs SET status = 'completed', finished_at = now() WHERE kind = 'metrics.test'")
            let later = try await Self.scrape(app)
            // Finished work is not depth: a kind with nothing left waiting reads 0, not its last value.
            #expect(Self.sample(later, #"floworx_queue_depth{queue="metrics.test",status="pending"}"#) == 0)
            #expect(Self.sample(later, #"floworx_queue_oldest_due_age_seconds{queue="metrics.test"}"#) == 0)
        }
    }

    /// Provider calls by provider and outcome (Gmail answering, throttling, an OAuth refresh refused) and the pool's
    /// acquire waits move; none of them names a tenant.
    @Test func providerCallsAndPoolWaitsMove() async throws {
        try await Self.withMetrics { app in
            let server = try LocalGmailServer()
            let root = try await server.start()
            do {
                let access = await server.addMailbox(email: "owner@metrics.example")
                let gmail = GmailClient(configuration: .init(baseURL: root))
                let configuration = LocalGoogleOAuth.Configuration()
                let oauth = OAuthClient(provider: .google(clientId: configuration.clientID, clientSecret: configuration.clientSecret, redirectURI: "http://127.0.0.1:9/callback",
                                                          authorizationURL: root + "/o/oauth2/v2/auth", tokenURL: root + "/token", revocationURL: root + "/revoke"))
                let series = [
                    "ok": #"floworx_provider_requests_total{provider="gmail",outcome="ok"}"#,
                    "throttled": #"floworx_provider_requests_total{provider="gmail",outcome="throttled"}"#,
                    "refused": #"floworx_provider_requests_total{provider="google-oauth",outcome="client_error"}"#,
                    "timed": #"floworx_provider_request_duration_seconds_count{provider="gmail"}"#,
                    "waits": #"floworx_db_pool_acquire_duration_seconds_count{outcome="acquired"}"#,
                ]
                let before = try await Self.scrape(app)
                let session = try await app.signUp()
                _ = try await app.request(.get, "/rest/v1/email_logs?select=id", as: .user(session))
                _ = try await gmail.profile(accessToken: access.accessToken)
                server.faults.inject(pathPrefix: "/gmail/v1/users/me/profile", status: 429)
                await #expect(throws: MailProviderError.self) { _ = try await gmail.profile(accessToken: access.accessToken) }
                await #expect(throws: MailProviderError.self) { _ = try await oauth.refresh(refreshToken: "not-a-refresh-token") }
                let after = try await Self.scrape(app)
                func moved(_ key: String) -> Double {
                    (Self.sample(after, series[key]!) ?? 0) - (Self.sample(before, series[key]!) ?? 0)
                }
                // Other suites run in this process too: at least ours.
                #expect(moved("ok") >= 1)
                #expect(moved("throttled") >= 1)
                #expect(moved("refused") >= 1)
                #expect(moved("timed") >= 2)
                #expect(moved("waits") >= 1)
                #expect(!after.contains(session.userId.uuidString.lowercased()))
                await server.stop()
            } catch {
                await server.stop()
                throw error
            }
        }
    }
}
