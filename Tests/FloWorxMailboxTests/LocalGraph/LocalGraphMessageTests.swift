import AsyncHTTPClient
import Foundation
import NIOHTTP1
import FloWorxLocalProviders
import Testing

/// Messages, folders and drafts over real HTTP.
@Suite("Local Graph: messages, folders, drafts")
struct LocalGraphMessageTests {
    @Test("createReply makes a draft in the conversation, addressed to the sender, and leaves the original unread")
    func createReplyKeepsIsRead() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test", displayName: "Pat Owner")
        let id = try await graph.deliver(to: account.email, raw: GraphTestHTTP.raw(from: "Dana <dana@example.com>", to: account.email, subject: "Leak"))
        let reply = try await GraphTestHTTP.send(.POST, "\(root)/me/messages/\(id)/createReply", token: account.accessToken,
                                                 json: [String: Any](), headers: GraphTestHTTP.immutable)
        #expect(reply.status == 201)
        #expect(reply.json["isDraft"] as? Bool == true)
        #expect(reply.json["subject"] as? String == "RE: Leak")
        let to = (reply.json["toRecipients"] as? [[String: Any]])?.first?["emailAddress"] as? [String: Any]
        #expect(to?["address"] as? String == "dana@example.com")
        let original = try #require(await graph.message(email: account.email, id: id))
        #expect(original.isRead == false)
        let draftId = try #require(reply.json["id"] as? String)
        let drafts = try await graph.drafts(email: account.email, conversationId: original.conversationId)
        #expect(drafts.map(\.id) == [draftId])
        #expect(drafts.first?.replyToMessageId == id)

        // PATCH the draft's body; a received message's body may not be changed.
        let patched = try await GraphTestHTTP.send(.PATCH, "\(root)/me/messages/\(draftId)", token: account.accessToken,
                                                   json: ["body": ["contentType": "html", "content": "<p>On our way</p>"]])
        #expect(patched.status == 200)
        #expect((patched.json["body"] as? [String: Any])?["content"] as? String == "<p>On our way</p>")
        let refused = try await GraphTestHTTP.send(.PATCH, "\(root)/me/messages/\(id)", token: account.accessToken,
                                                   json: ["body": ["contentType": "text", "content": "x"]])
        #expect(refused.status == 400)
        #expect(refused.errorCode == "ErrorInvalidPropertyUpdateSentMessage")

        // The owner sends it: it leaves Drafts for Sent Items.
        try await graph.sendDraft(email: account.email, id: draftId)
        #expect(try await graph.drafts(email: account.email, conversationId: original.conversationId).isEmpty)
        #expect(await graph.message(email: account.email, id: draftId)?.folderName == "Sent Items")
    }

    @Test("childFolders: create, list, 409 ErrorFolderExists; $value returns the MIME; PATCH categories")
    func foldersAndMime() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        let created = try await GraphTestHTTP.send(.POST, "\(root)/me/mailFolders/inbox/childFolders", token: account.accessToken,
                                                   json: ["displayName": "FloWorx/Urgent"])
        #expect(created.status == 201)
        let again = try await GraphTestHTTP.send(.POST, "\(root)/me/mailFolders/inbox/childFolders", token: account.accessToken,
                                                 json: ["displayName": "floworx/urgent"])
        #expect(again.status == 409)
        #expect(again.errorCode == "ErrorFolderExists")
        let list = try await GraphTestHTTP.send(.GET, "\(root)/me/mailFolders/inbox/childFolders", token: account.accessToken)
        #expect(list.values.map { $0["displayName"] as? String } == ["FloWorx/Urgent"])

        let raw = GraphTestHTTP.raw(to: account.email, subject: "Quote", body: "Body line")
        let id = try await graph.deliver(to: account.email, raw: raw)
        let mime = try await GraphTestHTTP.send(.GET, "\(root)/me/messages/\(id)/$value", token: account.accessToken)
        #expect(mime.status == 200)
        #expect(mime.text == raw)
        let patched = try await GraphTestHTTP.send(.PATCH, "\(root)/me/messages/\(id)", token: account.accessToken,
                                                   json: ["categories": ["FloWorx: Sales"]])
        #expect(patched.json["categories"] as? [String] == ["FloWorx: Sales"])
        let unknown = try await GraphTestHTTP.send(.PATCH, "\(root)/me/messages/\(id)", token: account.accessToken, json: ["colour": "red"])
        #expect(unknown.status == 400)
        #expect(unknown.errorCode == "RequestBodyRead")
    }

    @Test("no token or an expired token: 401 InvalidAuthenticationToken")
    func unauthorized() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        let missing = try await GraphTestHTTP.send(.GET, "\(root)/me")
        #expect(missing.status == 401)
        #expect(missing.errorCode == "InvalidAuthenticationToken")
        let me = try await GraphTestHTTP.send(.GET, "\(root)/me", token: account.accessToken)
        #expect(me.json["mail"] as? String == account.email)
        let token = await graph.issueAccessToken(email: account.email, lifetime: .seconds(3600))
        await graph.expireAccessTokens(email: account.email)
        let expired = try await GraphTestHTTP.send(.GET, "\(root)/me", token: token)
        #expect(expired.status == 401)
    }
}
