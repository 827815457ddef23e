import AsyncHTTPClient
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `/api/v1/push/*` on a real database: validation with stable codes, one user's subscriptions out of another's
/// reach (row-level security), and the delivery side's bookkeeping (a 410 deletes the subscription).
@Suite("Web push: subscriptions API")
struct WebPushSubscriptionAPITests {
    static let path = "/api/v1/push/subscriptions"

    /// Rows in push.subscriptions, as the owner (no RLS).
    static func rows(_ db: TestDatabase) async throws -> Int {
        try await db.database.service.query("SELECT count(*)::int FROM push.subscriptions").collect().first?.decode(Int.self) ?? -1
    }

    /// Every malformed subscription is a 400 with a code naming the field, and nothing is written.
    @Test func validationErrors() async throws {
        try await TestDatabase.with { db in
            try await WebPushTestApp.with(db, push: PushServerConfiguration(vapidPublicKey: "BKey")) { client, tokens in
                let user = try await WebPushTestApp.user(db, tokens, "val")
                let browser = WebPushBrowser()
                let good = "https://fcm.googleapis.com/fcm/send/abc123"
                let cases: [(String, String)] = [
                    ("[1,2]", "invalid_json"),
                    ("not json", "invalid_json"),
                    (#"{"keys":{}}"#, "invalid_endpoint"),
                    (browser.json("fcm.googleapis.com/fcm/send/abc"), "invalid_endpoint"),
                    (browser.json("http://updates.push.services.mozilla.com/wpush/v2/x"), "insecure_endpoint"),
                    (browser.json("http://127.0.0.1:9/push/x"), "insecure_endpoint"),
                    (browser.json("https://127.0.0.1/push/x"), "invalid_endpoint"),
                    (browser.json("https://10.1.2.3/push/x"), "invalid_endpoint"),
                    (browser.json("https://169.254.169.254/latest"), "invalid_endpoint"),
                    (browser.json("https://" + String(repeating: "a", count: 2050) + ".test/"), "invalid_endpoint"),
                    (#"{"endpoint":"\#(good)"}"#, "invalid_keys"),
                    (#"{"endpoint":"\#(good)","keys":{"p256dh":"BAAA","auth":"\#(browser.authText)"}}"#, "invalid_p256dh"),
                    // 65 bytes starting 0x04 that are not a point on the curve.
                    (#"{"endpoint":"\#(good)","keys":{"p256dh":"\#(Base64URL.encode([0x04] + [UInt8](repeating: 7, count: 64)))","auth":"\#(browser.authText)"}}"#, "invalid_p256dh"),
                    (#"{"endpoint":"\#(good)","keys":{"p256dh":"\#(browser.p256dh)","auth":"c2hvcnQ"}}"#, "invalid_auth"),
                    (#"{"endpoint":"\#(good)","keys":{"p256dh":"\#(browser.p256dh)","auth":42}}"#, "invalid_auth"),
                ]
                for (body, code) in cases {
                    let response = try await WebPushTestApp.send(client, .post, Self.path, bearer: user.bearer, json: body)
                    #expect(response.status == .badRequest, "\(body.prefix(120))")
                    #expect(WebPushTestApp.code(response) == code, "\(body.prefix(120))")
                }
                let huge = try await WebPushTestApp.send(client, .post, Self.path, bearer: user.bearer, json: String(repeating: " ", count: 9000) + "{}")
                #expect(huge.status == .contentTooLarge)
                #expect(WebPushTestApp.code(huge) == "subscription_too_large")
                // Who may subscribe: a signed-in user only.
                let anonymous = try await WebPushTestApp.send(client, .post, Self.path, bearer: "Bearer \(tokens.anonKey)", json: browser.json(good))
                #expect(anonymous.status == .unauthorized)
                let service = try await WebPushTestApp.send(client, .post, Self.path, bearer: "Bearer \(tokens.serviceKey)", json: browser.json(good))
                #expect(service.status == .forbidden)
                #expect(WebPushTestApp.code(service) == "user_only")
                let nobody = try await WebPushTestApp.send(client, .post, Self.path, bearer: nil, json: browser.json(good))
                #expect(nobody.status == .unauthorized)
                #expect(try await Self.rows(db) == 0)
                // A valid one is stored: 201, then 200 with the same id when the browser subscribes again with new keys.
                let created = try await WebPushTestApp.send(client, .post, Self.path, bearer: user.bearer, json: browser.json(good))
                #expect(created.status == .created)
                let renewed = try await WebPushTestApp.send(client, .post, Self.path, bearer: user.bearer, json: WebPushBrowser().json(good))
                #expect(renewed.status == .ok)
                #expect(WebPushTestApp.object(renewed)["id"] as? String == WebPushTestApp.object(created)["id"] as? String)
                #expect(WebPushTestApp.object(created)["p256dh"] == nil, "keys are never echoed")
                #expect(try await Self.rows(db) == 1)
            }
        }
    }

    /// The public key endpoint, and its answer when web push is not configured.
    @Test func vapidPublicKey() async throws {
        try await TestDatabase.with { db in
            let keys = VAPIDKeys.generate()
            try await WebPushTestApp.with(db, push: PushServerConfiguration(vapidPublicKey: keys.publicKeyBase64URL)) { client, _ in
                let response = try await WebPushTestApp.send(client, .get, "/api/v1/push/vapid-public-key", bearer: nil)
                #expect(response.status == .ok)
                #expect(WebPushTestApp.object(response)["public_key"] as? String == keys.publicKeyBase64URL)
            }
            try await WebPushTestApp.with(db, push: PushServerConfiguration()) { client, _ in
                let response = try await WebPushTestApp.send(client, .get, "/api/v1/push/vapid-public-key", bearer: nil)
                #expect(response.status == .serviceUnavailable)
                #expect(WebPushTestApp.code(response) == "push_not_configured")
            }
        }
    }

    /// User B neither sees nor deletes A's subscription, through the API or as B in SQL (RLS), and cannot write a row
    /// for A; B registering the same endpoint gets a row of its own. The per-user cap holds.
    @Test func usersAreIsolated() async throws {
        try await TestDatabase.with { db in
            try await WebPushTestApp.with(db, push: PushServerConfiguration(maximumSubscriptionsPerUser: 2)) { client, tokens in
                let a = try await WebPushTestApp.user(db, tokens, "a")
                let b = try await WebPushTestApp.user(db, tokens, "b")
                let endpoint = "https://updates.push.services.mozilla.com/wpush/v2/aaa"
                let stored = try await WebPushTestApp.send(client, .post, Self.path, bearer: a.bearer, json: WebPushBrowser().json(endpoint))
                #expect(stored.status == .created)

                let listed = try await WebPushTestApp.send(client, .get, Self.path, bearer: b.bearer)
                #expect((WebPushTestApp.object(listed)["subscriptions"] as? [Any])?.count == 0)
                let deleted = try await WebPushTestApp.send(client, .delete, Self.path, bearer: b.bearer, json: #"{"endpoint":"\#(endpoint)"}"#)
                #expect(deleted.status == .notFound)
                #expect(WebPushTestApp.code(deleted) == "subscription_not_found")
                #expect(try await PushSubscriptionRepository(database: db.database.service).subscriptions(forUser: a.id).count == 1)

                // As B in SQL: A's row is invisible, and a row naming A is refused by the policy.
                let asB = db.database.tenant(.user(b.id))
                #expect(try await PushSubscriptionRepository.list(on: asB).isEmpty)
                let seen = try await asB.transaction { try await $0.query("SELECT count(*)::int FROM push.subscriptions").collect().first?.decode(Int.self) }
                #expect(seen == 0)
                let changed = try await asB.transaction {
                    try await $0.query("UPDATE push.subscriptions SET user_agent = 'x' RETURNING id").collect().count
                }
                #expect(changed == 0)
                await #expect(throws: PSQLError.self) {
                    try await asB.transaction {
                        try await $0.query("""
                            INSERT INTO push.subscriptions (user_id, endpoint, p256dh, auth)
                            VALUES (\(a.id), 'https://evil.test/x', \(WebPushBrowser().p256dh), \(WebPushBrowser().authText))
                            """)
                    }
                }
                // B's own copy of the same endpoint is B's row.
                let own = try await WebPushTestApp.send(client, .post, Self.path, bearer: b.bearer, json: WebPushBrowser().json(endpoint))
                #expect(own.status == .created)
                #expect(try await Self.rows(db) == 2)
                // A's delete removes A's row only.
                let gone = try await WebPushTestApp.send(client, .delete, Self.path + "?endpoint=" + endpoint, bearer: a.bearer)
                #expect(gone.status == .noContent)
                #expect(try await PushSubscriptionRepository(database: db.database.service).subscriptions(forUser: b.id).count == 1)
                #expect(try await PushSubscriptionRepository(database: db.database.service).subscriptions(forUser: a.id).isEmpty)

                // At most two per user; updating a known endpoint is always allowed.
                for index in 0..<2 {
                    let response = try await WebPushTestApp.send(client, .post, Self.path, bearer: a.bearer,
                                                                  json: WebPushBrowser().json("https://fcm.googleapis.com/fcm/send/\(index)"))
                    #expect(response.status == .created)
                }
                let third = try await WebPushTestApp.send(client, .post, Self.path, bearer: a.bearer,
                                                          json: WebPushBrowser().json("https://fcm.googleapis.com/fcm/send/2"))
                #expect(third.status == .conflict)
                #expect(WebPushTestApp.code(third) == "too_many_subscriptions")
                let again = try await WebPushTestApp.send(client, .post, Self.path, bearer: a.bearer,
                                                          json: WebPushBrowser().json("https://fcm.googleapis.com/fcm/send/1"))
                #expect(again.status == .ok)
            }
        }
    }

    /// The table's policies are the house style of migration 0006: one per command, for role authenticated, each
    /// comparing user_id with `(select auth.uid())` (evaluated once per statement); anon has no privilege at all.
    @Test func policiesFollowTheHouseStyle() async throws {
        try await TestDatabase.with { db in
            let rows = try await db.database.service.query("""
                SELECT cmd, roles::text, coalesce(qual, ''), coalesce(with_check, '') FROM pg_policies
                WHERE schemaname = 'push' AND tablename = 'subscriptions' ORDER BY cmd
                """).collect()
            var commands: [String] = []
            for row in rows {
                let (command, roles, qual, check) = try row.decode((String, String, String, String).self)
                commands.append(command)
                #expect(roles == "{authenticated}")
                for expression in [qual, check] where !expression.isEmpty {
                    #expect(expression == "(user_id = ( SELECT auth.uid() AS uid))", "\(command): \(expression)")
                }
            }
            #expect(commands == ["DELETE", "INSERT", "SELECT", "UPDATE"])
            let anon = try await db.database.service.query("""
                SELECT has_table_privilege('anon', 'push.subscriptions', 'SELECT'), has_schema_privilege('anon', 'push', 'USAGE'),
                       has_column_privilege('authenticated', 'push.subscriptions', 'failure_count', 'UPDATE')
                """).collect().first?.decode((Bool, Bool, Bool).self)
            #expect(anon?.0 == false && anon?.1 == false && anon?.2 == false)
        }
    }

    /// The delivery path: a subscription registered through the API receives a push; once the browser unsubscribed,
    /// the push service's 410 leads to its removal, and successes and failures are counted.
    @Test func goneRemovesTheSubscription() async throws {
        let service = LocalPushService()
        try await service.start()
        defer { Task { await service.stop() } }
        let configuration = try WebPushTestApp.configuration()
        let sender = WebPushClient(client: HTTPClient.shared, configuration: configuration)
        try await TestDatabase.with { db in
            let push = PushServerConfiguration(vapidPublicKey: sender.publicKey, allowInsecureEndpoints: true)
            try await WebPushTestApp.with(db, push: push) { client, tokens in
                let user = try await WebPushTestApp.user(db, tokens, "gone")
                let browser = WebPushBrowser()
                let endpoint = try service.createSubscription(applicationServerKey: sender.publicKey)
                let stored = try await WebPushTestApp.send(client, .post, Self.path, bearer: user.bearer, json: browser.json(endpoint.endpoint))
                #expect(stored.status == .created)

                let repository = PushSubscriptionRepository(database: db.database.service)
                let record = try #require(try await repository.subscriptions(forUser: user.id).first)
                let subscription = try WebPushSubscription(endpoint: record.endpoint, p256dhBase64URL: record.p256dh, authBase64URL: record.auth)
                guard case .accepted = try await sender.send(to: subscription, payload: Data("first".utf8), ttl: 60, urgency: .high) else {
                    Issue.record("the first push was not accepted"); return
                }
                try await repository.recordSuccess(id: record.id)
                #expect(try await repository.recordFailure(id: record.id, reason: "HTTP 503") == 1)
                #expect(try await repository.recordFailure(id: record.id, reason: "HTTP 503") == 2)
                try await repository.recordSuccess(id: record.id)
                let afterSuccess = try #require(try await repository.subscriptions(forUser: user.id).first)
                #expect(afterSuccess.failureCount == 0 && afterSuccess.lastSuccessAt != nil)

                try service.markGone(endpoint.token)
                let result = try await sender.send(to: subscription, payload: Data("second".utf8), ttl: 60)
                #expect(result == .gone(status: 410))
                if result.isGone { #expect(try await repository.remove(endpoint: record.endpoint) == 1) }
                #expect(try await repository.subscriptions(forUser: user.id).isEmpty)
                let listed = try await WebPushTestApp.send(client, .get, Self.path, bearer: user.bearer)
                #expect((WebPushTestApp.object(listed)["subscriptions"] as? [Any])?.count == 0)
            }
        }
        await service.stop()
    }
}
