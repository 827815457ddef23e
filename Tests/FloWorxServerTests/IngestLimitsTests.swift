import FloWorxCore
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing

/// A tenant's ingestion is capped: the priority it may give its own email, and how many messages a minute it may
/// send (a token bucket in PostgreSQL). The service key is the operator's and is capped by neither.
@Suite struct IngestLimitsTests {
    /// Runs `body` against an application whose ingestion limits are `limits`.
    static func with(_ limits: IngestLimits, _ body: @Sendable @escaping (TestApp) async throws -> Void) async throws {
        try await TestDatabase.with(connections: 4) { db in
            let secret = TestApp.randomSecret()
            let keyring = TestApp.randomKeyring()
            var dependencies = try await TestApp.dependencies(database: db.database, secret: secret, keyring: keyring)
            dependencies.configuration.ingest = limits
            let tokens = dependencies.tokens
            try await FloWorxServer.application(dependencies).test(.router) { client in
                try await body(TestApp(db: db, tokens: tokens, jwtSecret: secret, keyring: keyring, client: client))
            }
        }
    }

    @Test func aTenantMayNotGoAboveThePriorityCapButTheServiceMay() async throws {
        try await Self.with(IngestLimits(tenantMaxPriority: 10)) { app in
            let user = try await app.signUp()
            let above = try await app.request(.post, IngestMessage.uri(priority: 11), as: .user(user), json: IngestMessage.json("above"))
            try expectRestError(above, .forbidden, code: "priority_not_allowed")
            let inBody = try await app.request(.post, IngestMessage.uri(), as: .user(user), json: #"{"priority": 100, "messages": [\#(IngestMessage.json("body"))]}"#)
            try expectRestError(inBody, .forbidden, code: "priority_not_allowed")
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 0)
            #expect(try await app.db.count("SELECT count(*) FROM public.email_queue") == 0)

            let atCap = try await app.request(.post, IngestMessage.uri(priority: 10), as: .user(user), json: IngestMessage.json("at-cap"))
            #expect(atCap.status == .created, "\(atCap.text)")
            let service = try await app.request(.post, IngestMessage.uri(client: user.id, priority: 100), as: .service, json: IngestMessage.json("service"))
            #expect(service.status == .created, "\(service.text)")
            #expect(try await app.db.texts("SELECT email_data->>'message_id' || ':' || priority FROM public.email_queue ORDER BY 1") == ["at-cap:10", "service:100"])
        }
    }

    /// Over the burst, a tenant gets 429 `rate_limited` with `Retry-After`, and nothing of the refused request is
    /// written; another tenant, and the service key for the same client, are not affected.
    @Test func aTenantOverItsRateIsRefusedWithRetryAfterAndNothingWritten() async throws {
        try await Self.with(IngestLimits(perMinute: 60, burst: 3)) { app in
            let user = try await app.signUp()
            let batch = "[\(IngestMessage.json("a")), \(IngestMessage.json("b"))]"
            #expect(try await app.request(.post, IngestMessage.uri(), as: .user(user), json: batch).status == .created)
            #expect(try await app.request(.post, IngestMessage.uri(), as: .user(user), json: IngestMessage.json("c")).status == .created)

            let refused = try await app.request(.post, IngestMessage.uri(), as: .user(user), json: IngestMessage.json("d"))
            try expectRestError(refused, .tooManyRequests, code: "rate_limited")
            let retryAfter = try #require(refused.headers[.retryAfter].flatMap(Int.init))
            // One token at one a second: back within about a second (never 0, never past the whole bucket's refill).
            #expect((1...3).contains(retryAfter))
            #expect(try await app.db.texts("SELECT message_id FROM public.email_logs ORDER BY 1") == ["a", "b", "c"])
            #expect(try await app.db.count("SELECT count(*) FROM public.email_queue") == 3)

            let other = try await app.signUp()
            #expect(try await app.request(.post, IngestMessage.uri(), as: .user(other), json: IngestMessage.json("other")).status == .created)
            let service = try await app.request(.post, IngestMessage.uri(client: user.id), as: .service, json: IngestMessage.json("service"))
            #expect(service.status == .created, "\(service.text)")
        }
    }

    /// The bucket refills with time: once the wait Retry-After named has passed (moved back in the database rather
    /// than waited for), the tenant is admitted again.
    @Test func theBucketRefills() async throws {
        try await Self.with(IngestLimits(perMinute: 60, burst: 1)) { app in
            let user = try await app.signUp()
            #expect(try await app.request(.post, IngestMessage.uri(), as: .user(user), json: IngestMessage.json("1")).status == .created)
            try expectRestError(try await app.request(.post, IngestMessage.uri(), as: .user(user), json: IngestMessage.json("2")), .tooManyRequests, code: "rate_limited")
            try await app.db.execute("UPDATE floworx.ingest_buckets SET refilled_at = refilled_at - interval '2 seconds' WHERE client_id = \(user.userId)")
            #expect(try await app.request(.post, IngestMessage.uri(), as: .user(user), json: IngestMessage.json("2")).status == .created)
        }
    }

    /// Limit 0 turns the rate limit off.
    @Test func aRateOfZeroIsNoLimit() async throws {
        try await Self.with(IngestLimits(perMinute: 0, burst: 1)) { app in
            let user = try await app.signUp()
            for n in 0..<3 {
                #expect(try await app.request(.post, IngestMessage.uri(), as: .user(user), json: IngestMessage.json("m\(n)")).status == .created)
            }
            #expect(try await app.db.count("SELECT count(*) FROM floworx.ingest_buckets") == 0)
        }
    }

    @Test func settingsOutOfRangeAreNamed() {
        #expect(IngestLimits().problem == nil)
        #expect(IngestLimits(tenantMaxPriority: 101).problem != nil)
        #expect(IngestLimits(perMinute: -1).problem != nil)
        #expect(IngestLimits(burst: 0).problem != nil)
    }
}
