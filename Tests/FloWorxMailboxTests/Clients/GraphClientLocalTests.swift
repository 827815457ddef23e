import AsyncHTTPClient
import FloWorxLocalProviders
import Foundation
import Hummingbird
import Logging
import NIOCore
import Testing

@testable import FloWorxIntegrations

/// GraphClient against the local Graph server over real HTTP: every method, delta paging, immutable ids, and the
/// error paths.
@Suite("GraphClient against the local Graph server", .serialized)
struct GraphClientLocalTests {
    static let owner = "owner@contoso.example"

    static func withGraph(pageSize: Int = 2, maxResponseBytes: Int = 1 << 20,
                          _ body: (LocalGraphServer, GraphClient, String) async throws -> Void) async throws {
        let server = LocalGraphServer()
        let root = try await server.start()
        do {
            let account = await server.addMailbox(email: owner, displayName: "Owner")
            let client = GraphClient(configuration: .init(baseURL: root, maxResponseBytes: maxResponseBytes, deltaPageSize: pageSize))
            try await body(server, client, account.accessToken)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    static func mime(_ subject: String, _ id: String, body: String = "Do you have 3 pumps?") -> String {
        String(decoding: ClientTestSupport.mime(to: owner, subject: subject, messageId: id, body: body), as: UTF8.self)
    }

    /// Every page of a round from `first`, the rows and the final delta link.
    static func drain(_ graph: GraphClient, _ token: String, first: GraphDeltaPage) async throws -> (rows: [GraphMessage], deltaLink: String, pages: Int) {
        var page = first
        var rows = page.value
        var pages = 1
        while let next = page.nextLink, pages < 50 {
            page = try await graph.delta(accessToken: token, link: next)
            rows += page.value
            pages += 1
        }
        return (rows, try #require(page.deltaLink), pages)
    }

    @Test("me and the Inbox; a delta round pages by odata.maxpagesize and the next round holds only new and removed mail")
    func deltaRounds() async throws {
        try await Self.withGraph { server, graph, token in
            #expect(try await graph.me(accessToken: token).address == Self.owner)
            let inbox = try await graph.folder(accessToken: token)
            #expect(inbox.displayName == "Inbox")

            let existing = try await server.deliver(to: Self.owner, raw: Self.mime("Before", "before@c.example"))
            let initial = try await Self.drain(graph, token, first: try await graph.startDelta(accessToken: token))
            #expect(initial.rows.map(\.id) == [existing])

            var delivered: [String] = []
            for index in 1...5 { delivered.append(try await server.deliver(to: Self.owner, raw: Self.mime("Order \(index)", "o\(index)@c.example"))) }
            let round = try await Self.drain(graph, token, first: try await graph.delta(accessToken: token, link: initial.deltaLink))
            #expect(Set(round.rows.map(\.id)) == Set(delivered))
            #expect(round.pages >= 3, "5 rows at 2 per page")
            let first = try #require(round.rows.first { $0.id == delivered[0] })
            #expect(first.subject == "Order 1")
            #expect(first.internetMessageId == "<o1@c.example>")
            #expect(first.from?.emailAddress.address == "jane@customer.example")
            #expect(first.receivedAt != nil)

            try await server.deleteMessage(email: Self.owner, id: delivered[1])
            let removed = try await Self.drain(graph, token, first: try await graph.delta(accessToken: token, link: round.deltaLink))
            let page = GraphDeltaPage(value: removed.rows)
            #expect(page.removedIds == [delivered[1]])
            #expect(page.messages.isEmpty)
        }
    }

    @Test("an expired delta token is gone; a link to another origin is refused before any request")
    func deltaExpiry() async throws {
        try await Self.withGraph { server, graph, token in
            let initial = try await Self.drain(graph, token, first: try await graph.startDelta(accessToken: token))
            try await server.expireDelta(email: Self.owner)
            let gone = await ClientTestSupport.failure { try await graph.delta(accessToken: token, link: initial.deltaLink) }
            #expect(gone?.kind == .gone)
            #expect(gone?.isRetryable == false)

            let before = await server.counters(email: Self.owner).values.reduce(0, +)
            let foreign = await ClientTestSupport.failure {
                try await graph.delta(accessToken: token, link: "http://127.0.0.2:1/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=x")
            }
            #expect(foreign?.kind == .invalidResponse)
            #expect(await server.counters(email: Self.owner).values.reduce(0, +) == before)
        }
    }

    @Test("MIME, get, patch; folders; move keeps the immutable id; createReply drafts in the conversation; delete")
    func messagesFoldersReplies() async throws {
        try await Self.withGraph { server, graph, token in
            let id = try await server.deliver(to: Self.owner, raw: Self.mime("Quote", "quote@c.example", body: "Price for 3 pumps?"))
            let mime = String(decoding: try await graph.mime(accessToken: token, messageId: id), as: UTF8.self)
            #expect(mime.contains("Subject: Quote"))
            #expect(mime.contains("Price for 3 pumps?"))

            let message = try await graph.message(accessToken: token, id: id, select: ["id", "subject", "isRead", "conversationId"])
            #expect(message.subject == "Quote" && message.isRead == false)
            let patched = try await graph.updateMessage(accessToken: token, id: id, patch: .init(categories: ["FloWorx: Sales"]))
            #expect(patched.categories == ["FloWorx: Sales"])
            #expect(await server.message(email: Self.owner, id: id)?.isRead == false)

            let sales = try await graph.createChildFolder(accessToken: token, displayName: "Sales")
            let duplicate = await ClientTestSupport.failure { try await graph.createChildFolder(accessToken: token, displayName: "Sales") }
            #expect(duplicate?.kind == .conflict && duplicate?.code == "ErrorFolderExists")
            for name in ["Support", "Suppliers", "Urgent"] { _ = try await graph.createChildFolder(accessToken: token, displayName: name) }
            let children = try await graph.childFolders(accessToken: token)
            #expect(Set(children.map(\.displayName)) == ["Sales", "Support", "Suppliers", "Urgent"])

            let moved = try await graph.move(accessToken: token, messageId: id, destinationId: sales.id)
            #expect(moved.id == id)
            #expect(moved.parentFolderId == sales.id)

            let draft = try await graph.createReply(accessToken: token, messageId: id)
            #expect(draft.isDraft == true)
            #expect(draft.conversationId == message.conversationId)
            #expect(draft.subject?.hasPrefix("RE:") == true || draft.subject?.hasPrefix("Re:") == true)
            let written = try await graph.updateMessage(accessToken: token, id: draft.id, patch: .init(body: .init(contentType: "text", content: "Here is the quote.")))
            #expect(written.body?.content.contains("Here is the quote.") == true)
            #expect(await server.message(email: Self.owner, id: id)?.isRead == false, "drafting a reply leaves the original unread")

            try await graph.deleteMessage(accessToken: token, id: draft.id)
            let gone = await ClientTestSupport.failure { try await graph.message(accessToken: token, id: draft.id) }
            #expect(gone?.kind == .notFound)
        }
    }

    @Test("401 for a bad token, 429 with Retry-After, 503, an oversized MIME body")
    func errors() async throws {
        try await Self.withGraph(maxResponseBytes: 4096) { server, graph, token in
            let bad = await ClientTestSupport.failure { try await graph.me(accessToken: "eyJ0eXAiOi.not-a-token") }
            #expect(bad?.kind == .unauthorized)
            #expect(!"\(bad!)".contains("eyJ0eXAiOi.not-a-token"))

            server.faults.inject(pathPrefix: "/v1.0/me/messages", status: 429, retryAfterSeconds: 9)
            let id = try await server.deliver(to: Self.owner, raw: Self.mime("Big", "big@c.example", body: String(repeating: "x", count: 8192)))
            let limited = await ClientTestSupport.failure { try await graph.message(accessToken: token, id: id) }
            #expect(limited?.kind == .rateLimited && limited?.retryAfter == .seconds(9) && limited?.isRetryable == true)

            server.faults.inject(pathPrefix: "/v1.0/me/mailFolders", status: 503)
            let unavailable = await ClientTestSupport.failure { try await graph.folder(accessToken: token) }
            #expect(unavailable?.kind == .server && unavailable?.isRetryable == true)

            let tooLarge = await ClientTestSupport.failure { try await graph.mime(accessToken: token, messageId: id) }
            #expect(tooLarge?.kind == .tooLarge)

            await server.expireAccessTokens(email: Self.owner)
            let expired = await ClientTestSupport.failure { try await graph.me(accessToken: token) }
            #expect(expired?.kind == .unauthorized)
        }
    }

    @Test("subscriptions: create after the validation handshake, renew, delete")
    func subscriptions() async throws {
        let receiver = try await GraphValidationEndpoint.start()
        do {
            try await Self.withGraph { server, graph, token in
                let expiry = Date().addingTimeInterval(3600)
                let request = GraphSubscriptionRequest(notificationUrl: receiver.url + "/notify", lifecycleNotificationUrl: receiver.url + "/lifecycle",
                                                       expirationDateTime: expiry, clientState: "client-state-secret")
                #expect(!"\(request)".contains("client-state-secret"))
                let subscription = try await graph.createSubscription(accessToken: token, request)
                #expect(subscription.changeType == "created")
                #expect(abs((subscription.expiresAt ?? .distantPast).timeIntervalSince(expiry)) < 2)
                #expect(await receiver.validations() >= 1)
                #expect(await server.subscriptions(email: Self.owner).count == 1)

                let renewed = try await graph.renewSubscription(accessToken: token, id: subscription.id, expiration: expiry.addingTimeInterval(86_400))
                #expect((renewed.expiresAt ?? .distantPast) > expiry.addingTimeInterval(86_000))

                try await graph.deleteSubscription(accessToken: token, id: subscription.id)
                let gone = await ClientTestSupport.failure {
                    try await graph.renewSubscription(accessToken: token, id: subscription.id, expiration: expiry)
                }
                #expect(gone?.kind == .notFound)
                #expect(await server.subscriptions(email: Self.owner).isEmpty)
            }
            try await receiver.stop()
        } catch {
            try? await receiver.stop()
            throw error
        }
    }
}

/// A notification endpoint that answers Graph's validation handshake (`?validationToken=` echoed as text/plain).
struct GraphValidationEndpoint: Sendable {
    /// Counts the validation requests answered.
    actor Counter {
        var value = 0
        func increment() { value += 1 }
    }

    let url: String
    let counter: Counter
    private let task: Task<Void, any Error>

    func validations() async -> Int { await counter.value }

    static func start() async throws -> GraphValidationEndpoint {
        let counter = Counter()
        let router = Router()
        router.post("/{kind}") { request, _ -> Response in
            if let token = request.uri.queryParameters.get("validationToken") {
                await counter.increment()
                return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: token)))
            }
            return Response(status: .accepted)
        }
        var logger = Logger(label: "notification-receiver")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return GraphValidationEndpoint(url: "http://127.0.0.1:\(port)", counter: counter, task: task)
    }

    func stop() async throws {
        task.cancel()
        _ = try? await task.value
    }
}
