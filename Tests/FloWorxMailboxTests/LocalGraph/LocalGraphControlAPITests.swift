import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import FloWorxLocalProviders
import Testing

/// The `/_local/graph/` control API over real HTTP, without a token: listing and showing mailboxes, mail arriving
/// (and notifying subscribers), the owner sending a draft, and its 400/404 answers.
@Suite("Local Graph: the /_local/graph control API")
struct LocalGraphControlAPITests {
    /// `http://127.0.0.1:<port>/_local/graph` for a service root `http://127.0.0.1:<port>/v1.0`.
    static func local(_ root: String) -> String { String(root.dropLast("/v1.0".count)) + "/_local/graph" }

    /// A POST with a body of any content type (GraphTestHTTP only sends JSON and forms).
    static func post(_ url: String, contentType: String, body: String) async throws -> GraphTestHTTP.Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await GraphTestHTTP.client.execute(request, timeout: .seconds(30))
        let data = try await response.body.collect(upTo: 1024 * 1024)
        return GraphTestHTTP.Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: data))
    }

    static func error(_ reply: GraphTestHTTP.Reply) -> String? { reply.json["error"] as? String }

    @Test("mailboxes: every mailbox with its counts, and no token anywhere")
    func listMailboxes() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let pools = await graph.addMailbox(email: "pools@contoso.test")
        let other = await graph.addMailbox(email: "Another@contoso.test")
        let id = try await graph.deliver(to: pools.email, raw: GraphTestHTTP.raw(to: pools.email, subject: "Green water"))
        let draft = try await GraphTestHTTP.send(.POST, "\(root)/me/messages/\(id)/createReply", token: pools.accessToken,
                                                 json: [String: Any](), headers: GraphTestHTTP.immutable)
        #expect(draft.status == 201)

        let list = try await GraphTestHTTP.send(.GET, Self.local(root) + "/mailboxes")
        #expect(list.status == 200, "\(list.text)")
        let mailboxes = try #require(list.json["mailboxes"] as? [[String: Any]])
        #expect(mailboxes.compactMap { $0["email"] as? String } == ["Another@contoso.test", "pools@contoso.test"])
        #expect(mailboxes[1]["messages"] as? Int == 2)
        #expect(mailboxes[1]["drafts"] as? Int == 1)
        #expect(mailboxes[1]["subscriptions"] as? Int == 0)
        #expect(mailboxes[0]["messages"] as? Int == 0)
        #expect(!list.text.contains(pools.accessToken) && !list.text.contains(other.accessToken))
    }

    @Test("a mailbox: folders with paths, messages with their folder and categories, drafts")
    func showMailbox() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "pools@contoso.test")
        let folder = try await GraphTestHTTP.send(.POST, "\(root)/me/mailFolders/inbox/childFolders", token: account.accessToken,
                                                  json: ["displayName": "Quotes"])
        #expect(folder.status == 201)
        let id = try await graph.deliver(
            to: account.email, raw: GraphTestHTTP.raw(from: "Dana <dana@example.com>", to: account.email, subject: "Pool opening quote",
                                                      body: "How much to open the pool in May?"))
        try await graph.moveToFolder(email: account.email, id: id, folder: "Quotes")
        let patched = try await GraphTestHTTP.send(.PATCH, "\(root)/me/messages/\(id)", token: account.accessToken,
                                                   json: ["categories": ["FloWorx: Quotes"]], headers: GraphTestHTTP.immutable)
        #expect(patched.status == 200)
        let reply = try await GraphTestHTTP.send(.POST, "\(root)/me/messages/\(id)/createReply", token: account.accessToken,
                                                 json: [String: Any](), headers: GraphTestHTTP.immutable)
        let draftId = try #require(reply.json["id"] as? String)

        // The address is matched whatever its case, and may be percent-encoded.
        let shown = try await GraphTestHTTP.send(.GET, Self.local(root) + "/mailboxes/POOLS%40contoso.test")
        #expect(shown.status == 200, "\(shown.text)")
        #expect(shown.json["email"] as? String == "pools@contoso.test")
        let folders = try #require(shown.json["folders"] as? [[String: Any]])
        let paths = folders.compactMap { $0["path"] as? String }
        #expect(paths.contains("Inbox/Quotes"))
        #expect(Set(["Inbox", "Drafts", "Sent Items", "Archive"]).isSubset(of: Set(paths)))
        #expect(folders.first { $0["path"] as? String == "Inbox" }?["wellKnownName"] as? String == "inbox")
        #expect(folders.first { $0["path"] as? String == "Inbox/Quotes" }?["displayName"] as? String == "Quotes")

        let messages = try #require(shown.json["messages"] as? [[String: Any]])
        #expect(messages.count == 2)
        let original = try #require(messages.first { $0["id"] as? String == id })
        #expect(original["folder"] as? String == "Inbox/Quotes")
        #expect(original["subject"] as? String == "Pool opening quote")
        #expect(original["isRead"] as? Bool == false)
        #expect(original["isDraft"] as? Bool == false)
        #expect(original["categories"] as? [String] == ["FloWorx: Quotes"])
        #expect(original["bodyPreview"] as? String == "How much to open the pool in May?")
        let conversation = try #require(original["conversationId"] as? String)
        let draftMessage = try #require(messages.first { $0["id"] as? String == draftId })
        #expect(draftMessage["isDraft"] as? Bool == true)
        #expect(draftMessage["folder"] as? String == "Drafts")

        let drafts = try #require(shown.json["drafts"] as? [[String: Any]])
        #expect(drafts.compactMap { $0["id"] as? String } == [draftId])
        #expect(drafts.first?["conversationId"] as? String == conversation)
        #expect(drafts.first?["replyToMessageId"] as? String == id)
        #expect(drafts.first?["to"] as? [String] == ["dana@example.com"])
        #expect(!shown.text.contains(account.accessToken))
    }

    @Test("mail arrives as raw RFC 5322, as JSON raw (base64url) or as JSON fields, in the Inbox")
    func deliverBodies() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "pools@contoso.test")
        let url = Self.local(root) + "/mailboxes/pools@contoso.test/messages"

        let first = GraphTestHTTP.raw(from: "Dana <dana@example.com>", to: account.email, subject: "Raw text", messageID: "<first@example.com>")
        let raw = try await Self.post(url, contentType: "message/rfc822", body: first)
        #expect(raw.status == 200, "\(raw.text)")
        let rawId = try #require(raw.json["id"] as? String)
        let stored = try #require(await graph.message(email: account.email, id: rawId))
        #expect(stored.subject == "Raw text")
        #expect(stored.folderName == "Inbox")
        #expect(raw.json["conversationId"] as? String == stored.conversationId)

        // A reply to the first message, base64url without padding: the same conversation.
        let second = GraphTestHTTP.raw(to: account.email, subject: "Re: Raw text ✓", inReplyTo: "<first@example.com>")
        let encoded = Data(second.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let json = try await GraphTestHTTP.send(.POST, url, json: ["raw": encoded])
        #expect(json.status == 200, "\(json.text)")
        let jsonId = try #require(json.json["id"] as? String)
        #expect(await graph.message(email: account.email, id: jsonId)?.subject == "Re: Raw text ✓")
        #expect(json.json["conversationId"] as? String == stored.conversationId)

        let fields = try await GraphTestHTTP.send(.POST, url, json: ["from": "Sam <sam@example.com>", "subject": "Heater noise",
                                                                     "body": "It rattles."])
        #expect(fields.status == 200, "\(fields.text)")
        let fieldsId = try #require(fields.json["id"] as? String)
        let built = try #require(await graph.message(email: account.email, id: fieldsId))
        #expect(built.subject == "Heater noise")
        #expect(built.body.contains("It rattles."))
        #expect(built.toRecipients == ["pools@contoso.test"])
        #expect(built.isRead == false)
        #expect(try await graph.messages(email: account.email, folder: "inbox").map(\.id) == [rawId, jsonId, fieldsId])
    }

    @Test("mail delivered through the API notifies a subscriber, as deliver(to:raw:) does")
    func deliverNotifies() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let receiver = NotificationReceiver()
        let receiverURL = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let account = await graph.addMailbox(email: "pools@contoso.test")
        let created = try await GraphTestHTTP.send(.POST, "\(root)/subscriptions", token: account.accessToken,
                                                   json: LocalGraphSubscriptionTests.body(receiverURL), headers: GraphTestHTTP.immutable)
        #expect(created.status == 201, "\(created.text)")
        let subscriptionId = try #require(created.json["id"] as? String)

        let list = try await GraphTestHTTP.send(.GET, Self.local(root) + "/mailboxes")
        #expect((list.json["mailboxes"] as? [[String: Any]])?.first?["subscriptions"] as? Int == 1)
        let delivered = try await GraphTestHTTP.send(.POST, Self.local(root) + "/mailboxes/pools@contoso.test/messages",
                                                     json: ["subject": "Pump is loud", "body": "Since Monday."])
        #expect(delivered.status == 200, "\(delivered.text)")
        let id = try #require(delivered.json["id"] as? String)
        await graph.drainNotifications()
        let items = receiver.notifications.flatMap(\.items)
        #expect(items.count == 1)
        #expect(items.first?["changeType"] as? String == "created")
        #expect(items.first?["subscriptionId"] as? String == subscriptionId)
        #expect(items.first?["clientState"] as? String == "s3cret-state")
        #expect((items.first?["resourceData"] as? [String: Any])?["id"] as? String == id)
    }

    @Test("the owner sends a draft: it leaves Drafts for Sent Items; a second send or a non-draft is 404")
    func sendDraft() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "pools@contoso.test")
        let id = try await graph.deliver(to: account.email, raw: GraphTestHTTP.raw(to: account.email, subject: "Leak"))
        let reply = try await GraphTestHTTP.send(.POST, "\(root)/me/messages/\(id)/createReply", token: account.accessToken,
                                                 json: [String: Any](), headers: GraphTestHTTP.immutable)
        let draftId = try #require(reply.json["id"] as? String)
        let base = Self.local(root) + "/mailboxes/pools@contoso.test/drafts/"

        let sent = try await GraphTestHTTP.send(.POST, base + draftId + "/send")
        #expect(sent.status == 200, "\(sent.text)")
        #expect(sent.json["id"] as? String == draftId)
        let message = try #require(await graph.message(email: account.email, id: draftId))
        #expect(message.folderName == "Sent Items")
        #expect(message.isDraft == false)
        let shown = try await GraphTestHTTP.send(.GET, Self.local(root) + "/mailboxes/pools@contoso.test")
        #expect((shown.json["drafts"] as? [[String: Any]])?.isEmpty == true)

        let again = try await GraphTestHTTP.send(.POST, base + draftId + "/send")
        #expect(again.status == 404)
        #expect(Self.error(again) != nil)
        let notDraft = try await GraphTestHTTP.send(.POST, base + id + "/send")
        #expect(notDraft.status == 404)
        #expect(await graph.message(email: account.email, id: id)?.folderName == "Inbox")
        let unknown = try await GraphTestHTTP.send(.POST, base + "AAkALgnope/send")
        #expect(unknown.status == 404)
    }

    @Test("unknown paths and mailboxes are 404, bodies that are no message 400, each with a JSON error and no change")
    func errors() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "pools@contoso.test")
        let local = Self.local(root)

        let notFound: [(HTTPMethod, String)] = [
            (.GET, local + "/"), (.GET, local + "/nothing"), (.DELETE, local + "/mailboxes"), (.GET, local + "/mailboxes/pools@contoso.test/folders"),
            (.GET, local + "/mailboxes/nobody@contoso.test"), (.POST, local + "/mailboxes/nobody@contoso.test/drafts/x/send"),
            (.PUT, local + "/mailboxes/pools@contoso.test/messages"),
        ]
        for (method, url) in notFound {
            let reply = try await GraphTestHTTP.send(method, url)
            #expect(reply.status == 404, "\(method) \(url): \(reply.status) \(reply.text)")
            #expect(Self.error(reply) != nil, "\(url)")
            #expect(reply.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)
        }
        let unknownMailbox = try await GraphTestHTTP.send(.POST, local + "/mailboxes/nobody@contoso.test/messages", json: ["subject": "Hi"])
        #expect(unknownMailbox.status == 404)

        let url = local + "/mailboxes/pools@contoso.test/messages"
        let bad: [(String, String)] = [
            ("message/rfc822", ""), ("application/json", "[1, 2]"), ("application/json", "{not json"),
            ("application/json", #"{"raw": "***"}"#), ("application/json", #"{"raw": 42}"#), ("application/json", #"{"raw": ""}"#),
        ]
        for (type, body) in bad {
            let reply = try await Self.post(url, contentType: type, body: body)
            #expect(reply.status == 400, "\(type) \(body): \(reply.status) \(reply.text)")
            #expect(Self.error(reply) != nil)
        }
        #expect(try await graph.messages(email: account.email).isEmpty)

        // The Graph API itself still asks for a token.
        let api = try await GraphTestHTTP.send(.GET, "\(root)/me/messages")
        #expect(api.status == 401)
    }
}
