import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Realtime at /realtime/v1/websocket, end to end: a real WebSocket client against the running application on a real
/// PostgreSQL; changes written through the data API.
@Suite struct RealtimeTests {
    /// Runs `body` with a live application (a real port, so WebSockets connect).
    static func withApp(
        configure: @escaping @Sendable (inout ServerDependencies) -> Void = { _ in },
        _ body: @Sendable (TestApp, Int) async throws -> Void
    ) async throws {
        try await TestApp.with(.live, connections: 6, configure: configure) { app in
            let port = try #require(app.client.port)
            try await body(app, port)
        }
    }

    /// A row of email_logs for `tenant`, written by the service role; returns its id.
    static func insertLog(_ app: TestApp, tenant: Session, subject: String = "hello") async throws -> String {
        let response = try await app.request(
            .post, "/rest/v1/email_logs", as: .service, headers: [TestApp.preferHeader: "return=representation"],
            json: #"{"client_id": "\#(tenant.id)", "message_id": "<\#(UUID().uuidString)@example.com>", "from_email": "customer@example.com", "to_email": "office@example.com", "subject": "\#(subject)"}"#
        )
        try #require(response.status == .created, "insert: \(response.status) \(response.text)")
        return try #require(try response.rows().first?["id"]?.stringValue)
    }

    @Test func aSubscriberReceivesInsertUpdateAndDeleteOfItsOwnRows() async throws {
        try await Self.withApp { app, port in
            let a = try await app.signUp()
            let socket = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            try await socket.subscribe("realtime:mine", table: "email_logs", accessToken: a.accessToken)
            _ = try await socket.next("the subscribed notice") { $0["event"]?.stringValue == "system" && $0["payload"]?["status"]?.stringValue == "ok" }

            let id = try await Self.insertLog(app, tenant: a)
            let insert = try await socket.change("INSERT", id: id)
            #expect(insert["topic"]?.stringValue == "realtime:mine")
            #expect(insert["ref"] == .null)
            let data = try #require(insert["payload"]?["data"])
            #expect(data["schema"]?.stringValue == "public")
            #expect(data["table"]?.stringValue == "email_logs")
            #expect(data["record"]?["client_id"]?.stringValue == a.id)
            #expect(data["record"]?["subject"]?.stringValue == "hello")
            #expect(data["commit_timestamp"]?.stringValue?.hasSuffix("Z") == true)
            #expect(data["columns"]?.arrayValue?.contains { $0["name"]?.stringValue == "client_id" && $0["type"]?.stringValue == "uuid" } == true)
            #expect(insert["payload"]?["ids"]?.arrayValue?.count == 1)

            let patch = try await app.request(.patch, "/rest/v1/email_logs?id=eq.\(id)", as: .service, json: #"{"subject": "changed"}"#)
            #expect(patch.status == .noContent)
            let update = try await socket.change("UPDATE", id: id)
            #expect(update["payload"]?["data"]?["record"]?["subject"]?.stringValue == "changed")
            #expect(update["payload"]?["data"]?["old_record"] == .object(["id": .string(id)]))

            let delete = try await app.request(.delete, "/rest/v1/email_logs?id=eq.\(id)", as: .service)
            #expect(delete.status == .noContent)
            let deleted = try await socket.change("DELETE", id: id)
            // With RLS, old_record holds only the primary key, as Supabase sends it.
            #expect(deleted["payload"]?["data"]?["old_record"] == .object(["id": .string(id)]))
            #expect(deleted["payload"]?["data"]?["record"] == nil)
        }
    }

    @Test func anotherTenantsChangesAreNeverDelivered() async throws {
        try await Self.withApp { app, port in
            let a = try await app.signUp()
            let b = try await app.signUp()
            let socketA = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            let socketB = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            try await socketA.subscribe("realtime:logs", table: "email_logs", accessToken: a.accessToken)
            try await socketB.subscribe("realtime:logs", table: "email_logs", accessToken: b.accessToken)
            // An anon subscriber (the anon key only) may subscribe but RLS shows it nothing.
            let anon = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            let anonJoin = try await anon.join("realtime:logs", config: #"{"postgres_changes":[{"event":"*","schema":"public","table":"email_logs"}]}"#)

            // B's row first, then A's: changes are dispatched in commit order, so once A has its own row, B's had its
            // chance to arrive.
            let theirs = try await Self.insertLog(app, tenant: b)
            let mine = try await Self.insertLog(app, tenant: a)
            _ = try await socketA.change("INSERT", id: mine)
            _ = try await socketB.change("INSERT", id: theirs)
            #expect(try await app.request(.delete, "/rest/v1/email_logs?id=eq.\(theirs)", as: .service).status == .noContent)
            #expect(try await app.request(.delete, "/rest/v1/email_logs?id=eq.\(mine)", as: .service).status == .noContent)
            _ = try await socketA.change("DELETE", id: mine)
            _ = try await socketB.change("DELETE", id: theirs)

            #expect(await socketA.changes(mentioning: theirs).isEmpty)
            #expect(await socketB.changes(mentioning: mine).isEmpty)
            if anonJoin["payload"]?["status"]?.stringValue == "ok" {
                #expect(await anon.changes(mentioning: mine).isEmpty)
                #expect(await anon.changes(mentioning: theirs).isEmpty)
            }
        }
    }

    @Test func aFilterIsHonoured() async throws {
        try await Self.withApp { app, port in
            let a = try await app.signUp()
            let socket = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            try await socket.subscribe("realtime:urgent", table: "email_logs", event: "INSERT", filter: "subject=eq.urgent", accessToken: a.accessToken)
            let other = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            try await other.subscribe("realtime:some", table: "email_logs", event: "INSERT", filter: "subject=in.(quote,urgent)", accessToken: a.accessToken)

            let plain = try await Self.insertLog(app, tenant: a, subject: "newsletter")
            let quote = try await Self.insertLog(app, tenant: a, subject: "quote")
            let urgent = try await Self.insertLog(app, tenant: a, subject: "urgent")
            _ = try await socket.change("INSERT", id: urgent)
            _ = try await other.change("INSERT", id: quote)
            _ = try await other.change("INSERT", id: urgent)
            #expect(await socket.changes(mentioning: plain).isEmpty)
            #expect(await socket.changes(mentioning: quote).isEmpty)
            #expect(await other.changes(mentioning: plain).isEmpty)

            // An UPDATE of a row does not reach an INSERT-only binding.
            #expect(try await app.request(.patch, "/rest/v1/email_logs?id=eq.\(urgent)", as: .service, json: #"{"status": "processed"}"#).status == .noContent)
            let later = try await Self.insertLog(app, tenant: a, subject: "urgent")
            _ = try await socket.change("INSERT", id: later)
            #expect(await socket.inbox.messages.allSatisfy { $0["payload"]?["data"]?["type"]?.stringValue != "UPDATE" })
        }
    }

    @Test func anExpiredTokenClosesTheChannel() async throws {
        try await Self.withApp(configure: { $0.realtime.sweepInterval = .milliseconds(100) }) { app, port in
            let a = try await app.signUp()
            let expiry = Int(Date().timeIntervalSince1970) + 2
            let token = TestToken.sign(
                #"{"sub":"\#(a.id)","role":"authenticated","aud":"authenticated","exp":\#(expiry),"iat":\#(expiry - 60)}"#, secret: app.jwtSecret
            )
            let socket = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            try await socket.subscribe("realtime:short", table: "email_logs", accessToken: token)
            let notice = try await socket.next("the expiry notice") {
                $0["event"]?.stringValue == "system" && $0["payload"]?["status"]?.stringValue == "error"
            }
            #expect(notice["topic"]?.stringValue == "realtime:short")
            #expect(notice["payload"]?["message"]?.stringValue?.contains("expired") == true)
            _ = try await socket.next("phx_close") { $0["event"]?.stringValue == "phx_close" && $0["topic"]?.stringValue == "realtime:short" }

            // Nothing more arrives on the closed channel; the socket itself still answers.
            let id = try await Self.insertLog(app, tenant: a)
            let ref = socket.send(topic: "phoenix", event: "heartbeat", payload: "{}")
            #expect(try await socket.reply(to: ref)["payload"]?["status"]?.stringValue == "ok")
            #expect(await socket.changes(mentioning: id).isEmpty)

            // A token already expired is refused at join.
            let expired = TestToken.sign(#"{"sub":"\#(a.id)","role":"authenticated","exp":\#(expiry - 3600)}"#, secret: app.jwtSecret)
            let refused = try await socket.join("realtime:late", config: #"{"postgres_changes":[]}"#, accessToken: expired)
            #expect(refused["payload"]?["status"]?.stringValue == "error")
        }
    }

    @Test func broadcastReachesTheOtherSocketsOfTheTopic() async throws {
        try await Self.withApp { app, port in
            let sender = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            let listener = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            let elsewhere = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            #expect(try await sender.join("realtime:room", config: #"{"broadcast":{"self":false,"ack":true}}"#)["payload"]?["status"]?.stringValue == "ok")
            #expect(try await listener.join("realtime:room", config: #"{"broadcast":{"self":true,"ack":false}}"#)["payload"]?["status"]?.stringValue == "ok")
            #expect(try await elsewhere.join("realtime:other", config: #"{}"#)["payload"]?["status"]?.stringValue == "ok")

            let ref = sender.send(topic: "realtime:room", event: "broadcast", payload: #"{"type":"broadcast","event":"cursor","payload":{"x":1}}"#)
            _ = try await sender.reply(to: ref)  // ack: true
            let received = try await listener.next("the broadcast") { $0["event"]?.stringValue == "broadcast" }
            #expect(received["payload"]?["event"]?.stringValue == "cursor")
            #expect(received["payload"]?["payload"]?["x"]?.numberValue == 1)

            // self: true, so the listener hears its own; the sender (self: false) does not, nor does another topic.
            listener.send(topic: "realtime:room", event: "broadcast", payload: #"{"type":"broadcast","event":"mine","payload":{}}"#)
            _ = try await listener.next("its own broadcast") { $0["payload"]?["event"]?.stringValue == "mine" }
            _ = try await sender.next("the listener's broadcast") { $0["payload"]?["event"]?.stringValue == "mine" }
            #expect(await sender.inbox.messages.allSatisfy { $0["payload"]?["event"]?.stringValue != "cursor" })
            #expect(await elsewhere.inbox.messages.allSatisfy { $0["event"]?.stringValue != "broadcast" })
        }
    }

    @Test func badMessagesAreAnsweredWithErrorsAndTheSocketLives() async throws {
        try await Self.withApp { app, port in
            let a = try await app.signUp()
            let socket = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            socket.send("not json")
            let malformed = try await socket.next("the malformed-message reply") { $0["event"]?.stringValue == "phx_reply" && $0["topic"]?.stringValue == "phoenix" }
            #expect(malformed["payload"]?["status"]?.stringValue == "error")

            func refused(_ config: String, _ token: String? = nil) async throws -> String? {
                let reply = try await socket.join("realtime:bad", config: config, accessToken: token ?? a.accessToken)
                #expect(reply["payload"]?["status"]?.stringValue == "error", "\(config) was accepted")
                return reply["payload"]?["response"]?["reason"]?.stringValue
            }
            #expect(try await refused(#"{"postgres_changes":[{"event":"*","schema":"public","table":"email_queue"}]}"#)?.contains("not published") == true)
            #expect(try await refused(#"{"postgres_changes":[{"event":"*","schema":"public","table":"email_logs; DROP TABLE x"}]}"#) != nil)
            #expect(try await refused(#"{"postgres_changes":[{"event":"*","schema":"auth","table":"users"}]}"#) != nil)
            #expect(try await refused(#"{"postgres_changes":[{"event":"TRUNCATE","schema":"public","table":"email_logs"}]}"#) != nil)
            #expect(try await refused(#"{"postgres_changes":[{"event":"*","schema":"public","table":"email_logs","filter":"no_such_column=eq.1"}]}"#)?.contains("42703") == true)
            #expect(try await refused(#"{"postgres_changes":[{"event":"*","schema":"public","table":"email_logs","filter":"client_id=eq.not-a-uuid"}]}"#) != nil)
            #expect(try await refused(#"{"postgres_changes":[{"event":"*","schema":"public","table":"email_logs","filter":"subject=like.x"}]}"#) != nil)
            #expect(try await refused(#"{"postgres_changes":[]}"#, "not.a.token") != nil)
            #expect(try await refused(#"{"private":true}"#) != nil)

            let unknown = socket.send(topic: "realtime:nowhere", event: "broadcast", payload: #"{"type":"broadcast","event":"x","payload":{}}"#)
            #expect(try await socket.reply(to: unknown)["payload"]?["status"]?.stringValue == "error")
            let odd = socket.send(topic: "realtime:nowhere", event: "shout", payload: "{}")
            #expect(try await socket.reply(to: odd)["payload"]?["status"]?.stringValue == "error")
            socket.send(#"{"topic":"phoenix","event":"heartbeat","payload":[1,2],"ref":"77"}"#)
            _ = try await socket.next("the reply to a payload that is not an object") { $0["event"]?.stringValue == "phx_reply" && $0["payload"]?["status"]?.stringValue == "error" }

            // After all that, the socket still works.
            try await socket.subscribe("realtime:good", table: "email_logs", accessToken: a.accessToken)
            let id = try await Self.insertLog(app, tenant: a)
            _ = try await socket.change("INSERT", id: id)
        }
    }

    @Test func aRequestThatIsNotAnUpgradeIsAnsweredWithTheReason() async throws {
        try await Self.withApp { app, _ in
            let key = app.tokens.anonKey
            let missing = try await app.request(.get, "/realtime/v1/websocket", as: .nobody)
            #expect(missing.status == .unauthorized)
            let bad = try await app.request(.get, "/realtime/v1/websocket?apikey=nonsense", as: .nobody)
            #expect(bad.status == .unauthorized)
            let version = try await app.request(.get, "/realtime/v1/websocket?apikey=\(key)&vsn=2.0.0", as: .nobody)
            #expect(version.status == .badRequest)
            let plain = try await app.request(.get, "/realtime/v1/websocket?apikey=\(key)&vsn=1.0.0", as: .nobody)
            #expect(plain.status == .upgradeRequired)
        }
    }
}
