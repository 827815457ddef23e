import AsyncHTTPClient
import Foundation
import FloWorxLocalProviders
import NIOCore
import NIOHTTP1
import Testing

/// The control surface seen from outside: the change stream (for the benchmark) and the `/_local/gmail/` HTTP face
/// (for the demo's one-command message).
@Suite struct LocalGmailControlTests {
    @Test("changes() reports the owner's delivery and the client's label change, in order, with who made them")
    func changeStream() async throws {
        try await LocalGmailHarness.with { gmail in
            let box = await gmail.server.addMailbox(email: "owner@floworx.test")
            let changes = await gmail.server.changes()
            let id = try await gmail.server.deliver(to: box.email, raw: LocalGmailHarness.raw(subject: "Leak"))
            _ = try await gmail.call(
                .POST, "/gmail/v1/users/me/messages/\(id)/modify", token: box.accessToken, json: ["addLabelIds": ["STARRED"]])
            var iterator = changes.makeAsyncIterator()
            let arrived = try #require(await iterator.next())
            let labelled = try #require(await iterator.next())
            #expect(arrived.messageAdded && !arrived.byClient && arrived.messageId == id)
            #expect(labelled.labelsAdded == ["STARRED"] && labelled.byClient)
            #expect(labelled.historyId == arrived.historyId + 1)
        }
    }

    @Test("POST /_local/gmail/mailboxes/{email}/messages delivers; GET shows labels by name and drafts; tokens never")
    func localHTTP() async throws {
        try await LocalGmailHarness.with { gmail in
            let box = await gmail.server.addMailbox(email: "owner@floworx.test")
            let posted = try await gmail.call(
                .POST, "/_local/gmail/mailboxes/owner@floworx.test/messages", token: nil,
                json: ["from": "ann@example.com", "subject": "Boiler broken", "body": "No hot water since 6am"])
            #expect(posted.status == 200)
            let id = try #require(posted.json["id"] as? String)
            #expect(await gmail.server.message(email: box.email, id: id) != nil)

            var raw = HTTPClientRequest(url: gmail.base + "/_local/gmail/mailboxes/owner@floworx.test/messages")
            raw.method = .POST
            raw.headers.add(name: "Content-Type", value: "message/rfc822")
            raw.body = .bytes(ByteBuffer(bytes: LocalGmailHarness.raw(subject: "Second")))
            #expect(try await gmail.send(raw).status == 200)

            let label = try await gmail.call(.POST, "/gmail/v1/users/me/labels", token: box.accessToken, json: ["name": "FloWorx/Urgent"])
            let labelID = try #require(label.json["id"] as? String)
            try await gmail.server.moveToLabel(email: box.email, messageId: id, add: [labelID], remove: ["INBOX"])
            let overview = try await gmail.call(.GET, "/_local/gmail/mailboxes/owner@floworx.test", token: nil)
            #expect(overview.status == 200)
            let messages = try #require(overview.json["messages"] as? [[String: Any]])
            #expect(messages.count == 2)
            #expect(messages.first?["labels"] as? [String] == ["UNREAD", "FloWorx/Urgent"])
            #expect(messages.first?["subject"] as? String == "Boiler broken")
            let text = String(decoding: overview.body, as: UTF8.self)
            #expect(!text.contains(box.accessToken) && !text.contains(box.refreshToken))

            let list = try await gmail.call(.GET, "/_local/gmail/mailboxes", token: nil)
            #expect((list.json["mailboxes"] as? [[String: Any]])?.first?["messages"] as? Int == 2)
            #expect(try await gmail.call(.GET, "/_local/gmail/mailboxes/nobody@x.test", token: nil).status == 404)
            #expect(try await gmail.call(.POST, "/_local/gmail/mailboxes/owner@floworx.test/drafts/r1/send", token: nil).status == 404)
        }
    }
}

/// Starting on a port that is taken fails with an error instead of hanging.
@Suite struct LocalGmailStartTests {
    @Test("start() on a port already in use throws couldNotStart")
    func portInUse() async throws {
        try await LocalGmailHarness.with { gmail in
            let port = try #require(URLComponents(string: gmail.base)?.port)
            let second = try LocalGmailServer(configuration: .init(port: port))
            await #expect(throws: LocalProviderError.self) { try await second.start() }
            await second.stop()
        }
    }
}
