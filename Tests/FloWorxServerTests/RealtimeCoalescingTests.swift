import FloWorxCore
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HummingbirdTesting
import PostgresNIO
import Testing

/// Changes committed while a batch is being read are all delivered afterwards, in commit order, once each, and only to
/// the subscribers RLS lets read them. The batch is held in flight by a lock its read must wait for: a new server's
/// first batch reads `floworx.realtime_publication` (the row statement is looked up on first use, and
/// `floworx.realtime_visible` reads it on every call), which the change trigger does not read, so writes go on while the
/// batch waits and the test knows the order of events without timing anything.
@Suite struct RealtimeCoalescingTests {
    @Test func changesCommittedWhileABatchIsInFlightAreAllDeliveredInOrder() async throws {
        try await TestApp.with(.live, connections: 10, configure: { $0.realtime.coalesceInterval = .milliseconds(50) }) { app in
            let port = try #require(app.client.port)
            let a = try await app.signUp()
            let b = try await app.signUp()
            let socketA = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            let socketB = RealtimeTestSocket(port: port, apiKey: app.tokens.anonKey)
            try await socketA.subscribe("realtime:burst", table: "email_logs", event: "INSERT", accessToken: a.accessToken)
            try await socketB.subscribe("realtime:burst", table: "email_logs", event: "INSERT", accessToken: b.accessToken)

            let (ofA, ofB) = try await app.db.database.service.transaction { connection in
                try await connection.query("LOCK TABLE floworx.realtime_publication IN ACCESS EXCLUSIVE MODE")
                let first = try await RealtimeTests.insertLog(app, tenant: a, subject: "first")
                // The first change's batch is now in flight, its read waiting for the lock; the rest queue behind it.
                try await Self.waitUntilAVisibilityReadWaits(app)
                var ofA = [first]
                var ofB: [String] = []
                for n in 0..<12 {
                    let isB = n % 3 == 0
                    let id = try await RealtimeTests.insertLog(app, tenant: isB ? b : a, subject: "burst \(n)")
                    if isB { ofB.append(id) } else { ofA.append(id) }
                }
                return (ofA, ofB)
            }
            // The lock is gone with the transaction: the batch in flight and the queued changes go out.
            let lastA = try #require(ofA.last), lastB = try #require(ofB.last)
            _ = try await socketA.change("INSERT", id: lastA)
            _ = try await socketB.change("INSERT", id: lastB)
            #expect(await Self.insertedIDs(socketA) + [lastA] == ofA)
            #expect(await Self.insertedIDs(socketB) + [lastB] == ofB)
        }
    }

    /// The ids of the INSERT messages still in `socket`'s inbox, in the order they arrived.
    static func insertedIDs(_ socket: RealtimeTestSocket) async -> [String] {
        await socket.inbox.messages.compactMap { message in
            guard message["event"]?.stringValue == "postgres_changes", message["payload"]?["data"]?["type"]?.stringValue == "INSERT" else { return nil }
            return message["payload"]?["data"]?["record"]?["id"]?.stringValue
        }
    }

    /// Waits until a session waits for a lock on the publication table: the dispatcher's visibility read, blocked.
    static func waitUntilAVisibilityReadWaits(_ app: TestApp) async throws {
        let deadline = ContinuousClock.now + RealtimeTestSocket.patience
        while ContinuousClock.now < deadline {
            let waiting = try await app.db.database.service.withConnection { connection in
                let rows = try await connection.query(
                    "SELECT count(*)::int4 FROM pg_locks WHERE relation = 'floworx.realtime_publication'::regclass AND NOT granted"
                )
                for try await count in rows.decode(Int32.self) { return count }
                return 0
            }
            if waiting > 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no visibility read waited for the publication table")
        throw RealtimeTestSocket.Missing(what: "a waiting visibility read")
    }
}
