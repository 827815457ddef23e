import AsyncHTTPClient
import FloWorxCore
import FloWorxLocalProviders
import Foundation
import Testing

@testable import FloWorxIntegrations

/// GmailClient against the local Gmail server over real HTTP: every method, paging, and the error paths.
@Suite("GmailClient against the local Gmail server", .serialized)
struct GmailClientLocalTests {
    static let owner = "owner@shop.example"

    /// A started server with one mailbox, a client pointed at it, and the mailbox's access.
    static func withGmail(maxResponseBytes: Int = 1 << 20,
                          _ body: (LocalGmailServer, GmailClient, LocalGmailServer.MailboxAccess) async throws -> Void) async throws {
        let server = try LocalGmailServer()
        let root = try await server.start()
        do {
            let access = await server.addMailbox(email: owner)
            let client = GmailClient(configuration: .init(baseURL: root, maxResponseBytes: maxResponseBytes))
            try await body(server, client, access)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test("profile, then history pages after the profile's history id list exactly the delivered messages")
    func historyPaging() async throws {
        try await Self.withGmail { server, gmail, access in
            let profile = try await gmail.profile(accessToken: access.accessToken)
            #expect(profile.emailAddress == Self.owner)
            #expect(profile.historyId == String(access.historyId))
            var delivered: [String] = []
            for index in 1...3 {
                delivered.append(try await server.deliver(to: Self.owner, raw: ClientTestSupport.mime(
                    to: Self.owner, subject: "Order \(index)", messageId: "order\(index)@customer.example")))
            }
            var added: [String] = []
            var pageToken: String?
            var pages = 0
            var lastHistoryId = ""
            repeat {
                let page = try await gmail.history(accessToken: access.accessToken, startHistoryId: profile.historyId, pageToken: pageToken,
                                                   maxResults: 1, historyTypes: [.messageAdded])
                added += page.addedMessages.map(\.id)
                pageToken = page.nextPageToken
                lastHistoryId = page.historyId
                pages += 1
            } while pageToken != nil && pages < 10
            #expect(added == delivered)
            #expect(pages >= 3)
            #expect(UInt64(lastHistoryId)! > UInt64(profile.historyId)!)
            let empty = try await gmail.history(accessToken: access.accessToken, startHistoryId: lastHistoryId)
            #expect(empty.history.isEmpty && empty.nextPageToken == nil)
        }
    }

    @Test("an expired history checkpoint is gone; messages.list pages the mailbox for the resync")
    func checkpointExpiry() async throws {
        try await Self.withGmail { server, gmail, access in
            var delivered: Set<String> = []
            for index in 1...3 {
                delivered.insert(try await server.deliver(to: Self.owner, raw: ClientTestSupport.mime(
                    to: Self.owner, subject: "Hello \(index)", messageId: "hello\(index)@customer.example")))
            }
            await server.expireHistory(email: Self.owner)
            let error = await ClientTestSupport.failure {
                try await gmail.history(accessToken: access.accessToken, startHistoryId: String(access.historyId))
            }
            #expect(error?.kind == .gone)
            #expect(error?.status == 404)
            #expect(error?.isRetryable == false)

            var listed: Set<String> = []
            var pageToken: String?
            repeat {
                let page = try await gmail.listMessages(accessToken: access.accessToken, labelIds: ["INBOX"], pageToken: pageToken, maxResults: 2)
                #expect(page.messages.count <= 2)
                listed.formUnion(page.messages.map(\.id))
                pageToken = page.nextPageToken
            } while pageToken != nil
            #expect(listed == delivered)
        }
    }

    @Test("format=raw returns the delivered bytes; modify and batchModify change labels; a deleted message is notFound")
    func messagesAndLabels() async throws {
        try await Self.withGmail { server, gmail, access in
            let raw = ClientTestSupport.mime(to: Self.owner, subject: "Größe?", messageId: "size@customer.example", body: "Welche Größe?")
            let id = try await server.deliver(to: Self.owner, raw: raw)
            let other = try await server.deliver(to: Self.owner, raw: ClientTestSupport.mime(to: Self.owner, subject: "Other", messageId: "other@customer.example"))
            let message = try await gmail.rawMessage(accessToken: access.accessToken, id: id)
            #expect(message.raw == raw)
            #expect(message.id == id && !message.threadId.isEmpty)
            #expect(message.labelIds.contains("INBOX"))
            #expect(message.receivedAt != nil)

            let label = try await gmail.createLabel(accessToken: access.accessToken, name: "FloWorx/Urgent")
            #expect(label.name == "FloWorx/Urgent" && label.type == "user")
            let duplicate = await ClientTestSupport.failure { try await gmail.createLabel(accessToken: access.accessToken, name: "FloWorx/Urgent") }
            #expect(duplicate?.kind == .conflict)
            #expect(try await gmail.labels(accessToken: access.accessToken).contains { $0.id == label.id })
            #expect(try await gmail.label(accessToken: access.accessToken, id: label.id).name == "FloWorx/Urgent")

            let modified = try await gmail.modify(accessToken: access.accessToken, id: id, addLabelIds: [label.id], removeLabelIds: ["UNREAD"])
            #expect(modified.labelIds?.contains(label.id) == true)
            #expect(await server.labels(email: Self.owner, messageId: id)?.contains(label.id) == true)
            #expect(await server.labels(email: Self.owner, messageId: id)?.contains("UNREAD") == false)
            let minimal = try await gmail.messageRef(accessToken: access.accessToken, id: id)
            #expect(minimal.labelIds?.contains(label.id) == true)

            try await gmail.batchModify(accessToken: access.accessToken, ids: [id, other], addLabelIds: [label.id], removeLabelIds: ["INBOX"])
            #expect(await server.labels(email: Self.owner, messageId: other)?.contains(label.id) == true)
            #expect(await server.labels(email: Self.owner, messageId: id)?.contains("INBOX") == false)

            try await gmail.deleteLabel(accessToken: access.accessToken, id: label.id)
            let gone = await ClientTestSupport.failure { try await gmail.label(accessToken: access.accessToken, id: label.id) }
            #expect(gone?.kind == .notFound)

            try await server.deleteMessage(email: Self.owner, messageId: other)
            let missing = await ClientTestSupport.failure { try await gmail.rawMessage(accessToken: access.accessToken, id: other) }
            #expect(missing?.kind == .notFound)
        }
    }

    @Test("a reply draft built by MIMEReplyBuilder lands in the thread; get, list, update and delete it")
    func drafts() async throws {
        try await Self.withGmail { server, gmail, access in
            let raw = ClientTestSupport.mime(to: Self.owner, subject: "Quote please", messageId: "quote@customer.example")
            let id = try await server.deliver(to: Self.owner, raw: raw)
            let original = try await gmail.rawMessage(accessToken: access.accessToken, id: id)
            let parsed = try EmailMessage(mime: Array(original.raw), fallbackMessageId: id, fallbackDate: Date())
            let builder = MIMEReplyBuilder(from: EmailAddress(email: Self.owner, name: "Shop"))
            let reply = try builder.build(replyingTo: .init(parsed), body: "Thanks, the quote follows.")

            let draft = try await gmail.createDraft(accessToken: access.accessToken, raw: reply, threadId: original.threadId)
            #expect(draft.threadId == original.threadId)
            #expect(await server.drafts(email: Self.owner, threadId: original.threadId).map(\.id) == [draft.id])

            let fetched = try await gmail.draft(accessToken: access.accessToken, id: draft.id)
            #expect(fetched.raw == reply)
            #expect(fetched.threadId == original.threadId)
            let list = try await gmail.drafts(accessToken: access.accessToken)
            #expect(list.drafts.map(\.id) == [draft.id])

            let revised = try builder.build(replyingTo: .init(parsed), body: "Thanks, revised quote.")
            let updated = try await gmail.updateDraft(accessToken: access.accessToken, id: draft.id, raw: revised, threadId: original.threadId)
            #expect(updated.id == draft.id)
            #expect(try await gmail.draft(accessToken: access.accessToken, id: draft.id).raw == revised)

            try await gmail.deleteDraft(accessToken: access.accessToken, id: draft.id)
            let gone = await ClientTestSupport.failure { try await gmail.draft(accessToken: access.accessToken, id: draft.id) }
            #expect(gone?.kind == .notFound)
            #expect(try await gmail.drafts(accessToken: access.accessToken).drafts.isEmpty)
        }
    }

    @Test("watch starts push until an expiration in the future; stop ends it")
    func watchAndStop() async throws {
        try await Self.withGmail { server, gmail, access in
            let unrouted = await ClientTestSupport.failure {
                try await gmail.watch(accessToken: access.accessToken, topicName: "projects/floworx-test/topics/missing")
            }
            #expect(unrouted?.kind == .notFound)
            // Nothing is delivered in this test, so the push endpoint is never called.
            await server.configurePush(.init(topicName: "projects/floworx-test/topics/gmail", endpoint: "http://127.0.0.1:9/push"))
            let watch = try await gmail.watch(accessToken: access.accessToken, topicName: "projects/floworx-test/topics/gmail")
            #expect(watch.historyId == String(access.historyId))
            #expect((watch.expiresAt ?? .distantPast) > Date())
            #expect(await server.watch(email: Self.owner)?.topicName == "projects/floworx-test/topics/gmail")
            try await gmail.stop(accessToken: access.accessToken)
            #expect(await server.watch(email: Self.owner) == nil)
        }
    }

    @Test("401 for a bad or expired token, 429 with Retry-After, 503 retryable, an oversized body refused")
    func errors() async throws {
        try await Self.withGmail(maxResponseBytes: 4096) { server, gmail, access in
            let bad = await ClientTestSupport.failure { try await gmail.profile(accessToken: "ya29.not-a-token") }
            #expect(bad?.kind == .unauthorized && bad?.status == 401)
            #expect(!"\(bad!)".contains("ya29.not-a-token"))

            server.faults.inject(pathPrefix: "/gmail/v1/users/me/messages", status: 429, retryAfterSeconds: 3)
            let limited = await ClientTestSupport.failure { try await gmail.listMessages(accessToken: access.accessToken) }
            #expect(limited?.kind == .rateLimited)
            #expect(limited?.retryAfter == .seconds(3))
            #expect(limited?.isRetryable == true)

            server.faults.inject(pathPrefix: "/gmail/v1/users/me/history", status: 503)
            let unavailable = await ClientTestSupport.failure {
                try await gmail.history(accessToken: access.accessToken, startHistoryId: String(access.historyId))
            }
            #expect(unavailable?.kind == .server && unavailable?.isRetryable == true)

            let big = String(repeating: "x", count: 8192)
            let id = try await server.deliver(to: Self.owner, raw: ClientTestSupport.mime(to: Self.owner, subject: "Big", messageId: "big@c.example", body: big))
            let tooLarge = await ClientTestSupport.failure { try await gmail.rawMessage(accessToken: access.accessToken, id: id) }
            #expect(tooLarge?.kind == .tooLarge)

            await server.oauth.expireAccessTokens()
            let expired = await ClientTestSupport.failure { try await gmail.profile(accessToken: access.accessToken) }
            #expect(expired?.kind == .unauthorized)
        }
    }

    @Test("nothing listens: a transport error, retryable")
    func transport() async throws {
        let gmail = GmailClient(configuration: .init(baseURL: "http://127.0.0.1:1", timeout: .milliseconds(500)))
        let error = await ClientTestSupport.failure { try await gmail.profile(accessToken: "ya29.secret-token") }
        #expect(error?.kind == .transport && error?.isRetryable == true)
        #expect(!"\(error!)".contains("ya29.secret-token"))
    }
}
