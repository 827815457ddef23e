import AsyncHTTPClient
import Foundation
import NIOHTTP1
import FloWorxLocalProviders
import Testing

/// Subscriptions over real HTTP, with a real subscriber endpoint: the validation handshake, change notifications
/// carrying clientState, lifecycle notifications.
@Suite("Local Graph: subscriptions and notifications")
struct LocalGraphSubscriptionTests {
    static func body(_ receiver: String, minutes: Double = 60, clientState: String = "s3cret-state") -> [String: Any] {
        let formatter = ISO8601DateFormatter()
        return [
            "changeType": "created,updated,deleted",
            "notificationUrl": "\(receiver)/notify",
            "lifecycleNotificationUrl": "\(receiver)/lifecycle",
            "resource": "me/mailFolders('inbox')/messages",
            "expirationDateTime": formatter.string(from: Date().addingTimeInterval(minutes * 60)),
            "clientState": clientState,
        ]
    }

    @Test("the handshake echoes the token; notifications carry clientState and the message's immutable id")
    func handshakeAndNotifications() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let receiver = NotificationReceiver()
        let receiverURL = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        let created = try await GraphTestHTTP.send(.POST, "\(root)/subscriptions", token: account.accessToken,
                                                   json: Self.body(receiverURL), headers: GraphTestHTTP.immutable)
        #expect(created.status == 201, "\(created.text)")
        let subscriptionId = try #require(created.json["id"] as? String)
        #expect(created.json["clientState"] as? String == "s3cret-state")
        // Both endpoints were validated, with a token that needs URL decoding.
        #expect(receiver.validationTokens.count == 2)
        #expect(receiver.validationTokens.allSatisfy { $0.hasPrefix("Validation: ") })

        let id = try await graph.deliver(to: account.email, raw: GraphTestHTTP.raw(to: account.email, subject: "Hi"))
        try await graph.moveToFolder(email: account.email, id: id, folder: "archive")
        await graph.drainNotifications()
        let items = receiver.notifications.flatMap(\.items)
        // Graph does not promise an order between notifications; each is a POST of its own.
        #expect(items.compactMap { $0["changeType"] as? String }.sorted() == ["created", "deleted"])
        for item in items {
            #expect(item["clientState"] as? String == "s3cret-state")
            #expect(item["subscriptionId"] as? String == subscriptionId)
            #expect((item["resourceData"] as? [String: Any])?["id"] as? String == id)
        }

        // Renew within the maximum; beyond it Graph refuses.
        let formatter = ISO8601DateFormatter()
        let renewed = try await GraphTestHTTP.send(.PATCH, "\(root)/subscriptions/\(subscriptionId)", token: account.accessToken,
                                                   json: ["expirationDateTime": formatter.string(from: Date().addingTimeInterval(3 * 86400))])
        #expect(renewed.status == 200)
        let tooFar = try await GraphTestHTTP.send(.PATCH, "\(root)/subscriptions/\(subscriptionId)", token: account.accessToken,
                                                  json: ["expirationDateTime": formatter.string(from: Date().addingTimeInterval(8 * 86400))])
        #expect(tooFar.status == 400)
        #expect(tooFar.errorCode == "ExtensionError")
    }

    @Test("a subscriber that does not echo the token: the subscription is not created", arguments: [
        (NotificationReceiver.Validation.status(404), "ValidationError"),
        (.wrongToken, "ValidationError"),
        (.textHTML, "ValidationError"),
        (.hang, "InvalidRequest"),
    ])
    func handshakeFailure(validation: NotificationReceiver.Validation, code: String) async throws {
        var configuration = LocalGraphConfiguration()
        configuration.validationTimeout = .milliseconds(500)
        let graph = LocalGraphServer(configuration: configuration)
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let receiver = NotificationReceiver(validation: validation)
        let receiverURL = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        let created = try await GraphTestHTTP.send(.POST, "\(root)/subscriptions", token: account.accessToken, json: Self.body(receiverURL))
        #expect(created.status == 400)
        #expect(created.errorCode == code)
        #expect(await graph.subscriptions(email: account.email).isEmpty)
    }

    @Test("expiration beyond 10080 minutes is refused with ExtensionError")
    func maximumExpiration() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        let created = try await GraphTestHTTP.send(.POST, "\(root)/subscriptions", token: account.accessToken,
                                                   json: Self.body("http://127.0.0.1:9", minutes: 10_081))
        #expect(created.status == 400)
        #expect(created.errorCode == "ExtensionError")
    }

    @Test("lifecycle notifications go to lifecycleNotificationUrl; subscriptionRemoved ends the subscription")
    func lifecycle() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let receiver = NotificationReceiver()
        let receiverURL = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        let created = try await GraphTestHTTP.send(.POST, "\(root)/subscriptions", token: account.accessToken, json: Self.body(receiverURL))
        let id = try #require(created.json["id"] as? String)
        try await graph.sendLifecycle(subscriptionId: id, event: .reauthorizationRequired)
        try await graph.sendLifecycle(subscriptionId: id, event: .subscriptionRemoved)
        await graph.drainNotifications()
        let lifecycle = receiver.notifications.filter { $0.path == "/lifecycle" }.flatMap(\.items)
        #expect(lifecycle.compactMap { $0["lifecycleEvent"] as? String }.sorted() == ["reauthorizationRequired", "subscriptionRemoved"])
        #expect(lifecycle.allSatisfy { $0["clientState"] as? String == "s3cret-state" && $0["subscriptionId"] as? String == id })
        let renew = try await GraphTestHTTP.send(.PATCH, "\(root)/subscriptions/\(id)", token: account.accessToken,
                                                 json: ["expirationDateTime": ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))])
        #expect(renew.status == 404)
    }
}
