import Foundation
import NIOHTTP1
import FloWorxLocalProviders
import Testing

/// One server object holds many mailboxes (the benchmark runs 500 Outlook mailboxes on one).
@Suite("Local Graph: many mailboxes on one server")
struct LocalGraphScaleTests {
    @Test("500 mailboxes, each with its own subscription: a message to each notifies its own subscriber secret")
    func fiveHundredMailboxes() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        let receiver = NotificationReceiver()
        let receiverURL = try await receiver.start()
        let expiration = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        var accounts: [GraphMailboxAccount] = []
        for index in 0..<500 {
            accounts.append(await graph.addMailbox(email: "owner\(index)@contoso.test"))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, account) in accounts.enumerated() {
                group.addTask {
                    let created = try await GraphTestHTTP.send(.POST, "\(root)/subscriptions", token: account.accessToken, json: [
                        "changeType": "created", "notificationUrl": "\(receiverURL)/notify",
                        "resource": "me/mailFolders('inbox')/messages", "clientState": "secret-\(index)",
                        "expirationDateTime": expiration,
                    ], headers: GraphTestHTTP.immutable)
                    #expect(created.status == 201)
                }
                if index % 8 == 7 { try await group.next() }
            }
            try await group.waitForAll()
        }
        var expected: [String: String] = [:]
        for (index, account) in accounts.enumerated() {
            let id = try await graph.deliver(to: account.email, raw: GraphTestHTTP.raw(to: account.email, subject: "n\(index)"))
            expected[id] = "secret-\(index)"
        }
        await graph.drainNotifications()
        let items = receiver.notifications.flatMap(\.items)
        var seen: [String: String] = [:]
        for item in items {
            let id = (item["resourceData"] as? [String: Any])?["id"] as? String ?? ""
            seen[id] = item["clientState"] as? String
        }
        #expect(items.count == 500)
        #expect(seen == expected)
        #expect(await graph.counters()["subscriptions.create"] == 500)
        await receiver.stop()
        await graph.stop()
    }
}
