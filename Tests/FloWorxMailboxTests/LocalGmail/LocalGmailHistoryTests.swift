import Foundation
import NIOHTTP1
import FloWorxLocalProviders
import Testing

/// `users.history.list` and `users.messages.*` over HTTP: paging, filters, expiry, raw bodies.
@Suite struct LocalGmailHistoryTests {
    @Test("history pages with nextPageToken, then 404 once the start is older than the retained window")
    func historyPagingAndExpiry() async throws {
        try await LocalGmailHarness.with { gmail in
            let box = await gmail.server.addMailbox(email: "owner@floworx.test")
            let profile = try await gmail.call(.GET, "/gmail/v1/users/me/profile", token: box.accessToken)
            #expect(profile.status == 200)
            #expect(profile.json["emailAddress"] as? String == "owner@floworx.test")
            let start = try #require(profile.json["historyId"] as? String)
            #expect(UInt64(start) == box.historyId)

            var delivered: [String] = []
            for index in 0..<5 {
                delivered.append(try await gmail.server.deliver(
                    to: box.email, raw: LocalGmailHarness.raw(subject: "Leak \(index)")))
            }
            // Pages of 2: 2 + 2 + 1 records, nextPageToken on all but the last, historyId the mailbox's current one.
            var seen: [String] = []
            var token: String?
            var pages = 0
            repeat {
                var path = "/gmail/v1/users/me/history?startHistoryId=\(start)&maxResults=2&historyTypes=messageAdded"
                if let token { path += "&pageToken=\(token)" }
                let page = try await gmail.call(.GET, path, token: box.accessToken)
                #expect(page.status == 200)
                let records = page.json["history"] as? [[String: Any]] ?? []
                for record in records {
                    #expect(record["id"] is String)
                    let added = try #require(record["messagesAdded"] as? [[String: Any]])
                    let message = try #require(added.first?["message"] as? [String: Any])
                    #expect(message["labelIds"] as? [String] == ["INBOX", "UNREAD"])
                    seen.append(try #require(message["id"] as? String))
                }
                #expect(page.json["historyId"] as? String == String(box.historyId + 5))
                token = page.json["nextPageToken"] as? String
                pages += 1
            } while token != nil && pages < 10
            #expect(pages == 3)
            #expect(seen == delivered)

            // labelId filter: only the message moved to a user label shows up.
            try await gmail.server.moveToLabel(email: box.email, messageId: delivered[0], add: ["STARRED"])
            let starred = try await gmail.call(
                .GET, "/gmail/v1/users/me/history?startHistoryId=\(box.historyId + 5)&labelId=STARRED", token: box.accessToken)
            let records = starred.json["history"] as? [[String: Any]] ?? []
            #expect(records.count == 1)
            #expect((records.first?["labelsAdded"] as? [[String: Any]])?.first?["labelIds"] as? [String] == ["STARRED"])

            // Expiry: the old start answers Google's 404; the current historyId keeps working.
            await gmail.server.expireHistory(email: box.email)
            let expired = try await gmail.call(.GET, "/gmail/v1/users/me/history?startHistoryId=\(start)", token: box.accessToken)
            #expect(expired.status == 404)
            #expect(expired.reason == "notFound")
            #expect((expired.json["error"] as? [String: Any])?["status"] as? String == "NOT_FOUND")
            let now = try #require(await gmail.server.historyId(email: box.email))
            let fresh = try await gmail.call(.GET, "/gmail/v1/users/me/history?startHistoryId=\(now)", token: box.accessToken)
            #expect(fresh.status == 200)
            #expect(fresh.json["history"] == nil)
        }
    }

    @Test("messages.list pages newest first; messages.get raw is the delivered bytes in base64url")
    func messagesListAndRaw() async throws {
        try await LocalGmailHarness.with { gmail in
            let box = await gmail.server.addMailbox(email: "owner@floworx.test")
            let raw = LocalGmailHarness.raw(subject: "Quote for a boiler?", body: "Need a price >>> today ??? ~~~")
            let first = try await gmail.server.deliver(to: box.email, raw: raw)
            let second = try await gmail.server.deliver(to: box.email, raw: LocalGmailHarness.raw(subject: "Other"))
            _ = try await gmail.server.deliver(to: box.email, raw: LocalGmailHarness.raw(subject: "Spam"), labelIds: ["SPAM"])

            let page1 = try await gmail.call(.GET, "/gmail/v1/users/me/messages?maxResults=1&labelIds=INBOX", token: box.accessToken)
            #expect((page1.json["messages"] as? [[String: Any]])?.first?["id"] as? String == second)
            #expect(page1.json["resultSizeEstimate"] as? Int == 2)
            let token = try #require(page1.json["nextPageToken"] as? String)
            let page2 = try await gmail.call(
                .GET, "/gmail/v1/users/me/messages?maxResults=1&labelIds=INBOX&pageToken=\(token)", token: box.accessToken)
            #expect((page2.json["messages"] as? [[String: Any]])?.first?["id"] as? String == first)
            #expect(page2.json["nextPageToken"] == nil)

            let got = try await gmail.call(.GET, "/gmail/v1/users/me/messages/\(first)?format=raw", token: box.accessToken)
            #expect(got.status == 200)
            let encoded = try #require(got.json["raw"] as? String)
            #expect(!encoded.contains("+") && !encoded.contains("/"))
            #expect(LocalGmailHarness.decodeBase64URL(encoded) == raw)
            #expect(got.json["internalDate"] is String)
            #expect(got.json["historyId"] is String)
            #expect(got.json["threadId"] as? String == first)

            let metadata = try await gmail.call(
                .GET, "/gmail/v1/users/me/messages/\(first)?format=metadata&metadataHeaders=Subject", token: box.accessToken)
            let headers = (metadata.json["payload"] as? [String: Any])?["headers"] as? [[String: String]]
            #expect(headers == [["name": "Subject", "value": "Quote for a boiler?"]])

            let missing = try await gmail.call(.GET, "/gmail/v1/users/me/messages/ffff0000", token: box.accessToken)
            #expect(missing.status == 404)
            let badFormat = try await gmail.call(.GET, "/gmail/v1/users/me/messages/\(first)?format=html", token: box.accessToken)
            #expect(badFormat.status == 400)

            // A deleted message answers 404 and shows as messageDeleted in history.
            try await gmail.server.deleteMessage(email: box.email, messageId: first)
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/messages/\(first)", token: box.accessToken).status == 404)
        }
    }

    @Test("one server holds 500 mailboxes, each token sees its own; another user's mailbox is 403, an unknown path 404")
    func manyMailboxes() async throws {
        try await LocalGmailHarness.with { gmail in
            var boxes: [LocalGmailServer.MailboxAccess] = []
            // The benchmark's scale: 500 mailboxes on one server.
            for index in 0..<500 { boxes.append(await gmail.server.addMailbox(email: "owner\(index)@floworx.test")) }
            _ = try await gmail.server.deliver(to: boxes[7].email, raw: LocalGmailHarness.raw(subject: "Only for 7"))
            let seven = try await gmail.call(.GET, "/gmail/v1/users/me/messages", token: boxes[7].accessToken)
            let eight = try await gmail.call(.GET, "/gmail/v1/users/me/messages", token: boxes[8].accessToken)
            #expect(seven.json["resultSizeEstimate"] as? Int == 1)
            #expect(eight.json["resultSizeEstimate"] as? Int == 0)
            #expect(eight.json["messages"] == nil)
            let byEmail = try await gmail.call(.GET, "/gmail/v1/users/owner7%40floworx.test/profile", token: boxes[7].accessToken)
            #expect(byEmail.status == 200)
            let other = try await gmail.call(.GET, "/gmail/v1/users/owner8@floworx.test/profile", token: boxes[7].accessToken)
            #expect(other.status == 403)
            let unknown = try await gmail.call(.GET, "/gmail/v1/users/me/threads", token: boxes[7].accessToken)
            #expect(unknown.status == 404)
        }
    }
}
