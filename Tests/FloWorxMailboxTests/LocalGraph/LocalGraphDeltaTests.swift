import AsyncHTTPClient
import Foundation
import NIOHTTP1
import FloWorxLocalProviders
import Testing

/// Delta on the Inbox over real HTTP: pages, the deltaLink round, `@removed`, immutable ids, 410 after expiry.
@Suite("Local Graph: messages delta")
struct LocalGraphDeltaTests {
    /// Follows nextLinks to the deltaLink; the ids seen (with `@removed` ones separately) and the deltaLink.
    static func round(_ start: String, token: String, pageSize: Int) async throws -> (ids: [String], removed: [String], pages: Int, deltaLink: String) {
        var url = start
        var ids: [String] = []
        var removed: [String] = []
        var pages = 0
        while true {
            let reply = try await GraphTestHTTP.send(.GET, url, token: token,
                                                     headers: GraphTestHTTP.immutable + [("Prefer", "odata.maxpagesize=\(pageSize)")])
            #expect(reply.status == 200, "\(reply.text)")
            pages += 1
            for item in reply.values {
                if item["@removed"] != nil { removed.append(item["id"] as! String) } else { ids.append(item["id"] as! String) }
            }
            if let next = reply.json["@odata.nextLink"] as? String {
                #expect(reply.json["@odata.deltaLink"] == nil)
                url = next
            } else {
                return (ids, removed, pages, try #require(reply.json["@odata.deltaLink"] as? String))
            }
        }
    }

    @Test("pages of maxpagesize follow nextLink to a deltaLink; the next round has only the changes")
    func pagingAndDeltaLink() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        var delivered: [String] = []
        for index in 0..<5 {
            delivered.append(try await graph.deliver(to: account.email, raw: GraphTestHTTP.raw(to: account.email, subject: "Order \(index)")))
        }
        let first = try await Self.round("\(root)/me/mailFolders/inbox/messages/delta()", token: account.accessToken, pageSize: 2)
        #expect(first.pages == 3)
        #expect(first.ids == delivered)
        #expect(first.deltaLink.contains("$deltatoken=") || first.deltaLink.contains("%24deltatoken="))

        // Nothing new: an empty page with a fresh deltaLink.
        let idle = try await Self.round(first.deltaLink, token: account.accessToken, pageSize: 2)
        #expect(idle.ids.isEmpty && idle.removed.isEmpty)

        // One new message, one moved away by the owner, one read: created, @removed, updated.
        let newer = try await graph.deliver(to: account.email, raw: GraphTestHTTP.raw(to: account.email, subject: "New"))
        try await graph.moveToFolder(email: account.email, id: delivered[0], folder: "archive")
        try await graph.setRead(email: account.email, id: delivered[1], isRead: true)
        let second = try await Self.round(idle.deltaLink, token: account.accessToken, pageSize: 10)
        #expect(Set(second.ids) == [newer, delivered[1]])
        #expect(second.removed == [delivered[0]])
        // The immutable id survived the move.
        let moved = try await GraphTestHTTP.send(.GET, "\(root)/me/messages/\(delivered[0])", token: account.accessToken, headers: GraphTestHTTP.immutable)
        #expect(moved.status == 200)
        #expect(moved.json["id"] as? String == delivered[0])
    }

    @Test("$filter=receivedDateTime ge ... limits the first round (a backfill window) and the rounds after it")
    func receivedFilter() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        let now = Date()
        _ = try await graph.deliver(to: account.email, raw: GraphTestHTTP.raw(to: account.email, subject: "Old"), receivedAt: now.addingTimeInterval(-86400 * 30))
        let recent = try await graph.deliver(to: account.email, raw: GraphTestHTTP.raw(to: account.email, subject: "Recent"), receivedAt: now.addingTimeInterval(-3600))
        let since = ISO8601DateFormatter().string(from: now.addingTimeInterval(-86400))
        let round = try await Self.round("\(root)/me/mailFolders/inbox/messages/delta?%24filter=receivedDateTime+ge+\(since)",
                                         token: account.accessToken, pageSize: 10)
        #expect(round.ids == [recent])
        let bad = try await GraphTestHTTP.send(.GET, "\(root)/me/mailFolders/inbox/messages/delta?%24filter=subject%20eq%20'x'", token: account.accessToken)
        #expect(bad.status == 400)
    }

    @Test("a delta token from before expireDelta answers 410 SyncStateNotFound")
    func expiredToken() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        _ = try await graph.deliver(to: account.email, raw: GraphTestHTTP.raw(to: account.email, subject: "One"))
        let round = try await Self.round("\(root)/me/mailFolders/inbox/messages/delta", token: account.accessToken, pageSize: 10)
        try await graph.expireDelta(email: account.email)
        let gone = try await GraphTestHTTP.send(.GET, round.deltaLink, token: account.accessToken)
        #expect(gone.status == 410)
        #expect(gone.errorCode == "SyncStateNotFound")
        // A new initial round works again.
        let again = try await Self.round("\(root)/me/mailFolders/inbox/messages/delta", token: account.accessToken, pageSize: 10)
        #expect(again.ids.count == 1)
    }

    @Test("without the immutable-id preference a move changes the id and the old one is 404")
    func defaultIdsChangeOnMove() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        _ = try await graph.deliver(to: account.email, raw: GraphTestHTTP.raw(to: account.email, subject: "One"))
        let list = try await GraphTestHTTP.send(.GET, "\(root)/me/mailFolders/inbox/messages", token: account.accessToken)
        let restId = try #require(list.values.first?["id"] as? String)
        let moved = try await GraphTestHTTP.send(.POST, "\(root)/me/messages/\(restId)/move", token: account.accessToken,
                                                 json: ["destinationId": "archive"])
        #expect(moved.status == 201)
        let newId = try #require(moved.json["id"] as? String)
        #expect(newId != restId)
        let old = try await GraphTestHTTP.send(.GET, "\(root)/me/messages/\(restId)", token: account.accessToken)
        #expect(old.status == 404)
        #expect(old.errorCode == "ErrorItemNotFound")
    }
}
