import Foundation
import NIOHTTP1
import FloWorxLocalProviders
import Testing

/// Labels, modify/batchModify and drafts over HTTP, and the owner's own actions through the control surface.
@Suite struct LocalGmailWriteBackTests {
    @Test("labels.create answers 409 for a name in use (any case); modify and batchModify apply labels with history")
    func labels() async throws {
        try await LocalGmailHarness.with { gmail in
            let box = await gmail.server.addMailbox(email: "owner@floworx.test")
            let created = try await gmail.call(
                .POST, "/gmail/v1/users/me/labels", token: box.accessToken,
                json: ["name": "FloWorx/Urgent", "labelListVisibility": "labelShow", "messageListVisibility": "show"])
            #expect(created.status == 200)
            let labelID = try #require(created.json["id"] as? String)
            #expect(created.json["type"] as? String == "user")
            let duplicate = try await gmail.call(
                .POST, "/gmail/v1/users/me/labels", token: box.accessToken, json: ["name": "floworx/urgent"])
            #expect(duplicate.status == 409)
            #expect((duplicate.json["error"] as? [String: Any])?["message"] as? String == "Label name exists or conflicts")
            #expect(duplicate.reason == "aborted")
            let unknownField = try await gmail.call(
                .POST, "/gmail/v1/users/me/labels", token: box.accessToken, json: ["name": "X", "colour": "red"])
            #expect(unknownField.status == 400)
            let list = try await gmail.call(.GET, "/gmail/v1/users/me/labels", token: box.accessToken)
            let names = (list.json["labels"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("INBOX") && names.contains("FloWorx/Urgent"))

            let a = try await gmail.server.deliver(to: box.email, raw: LocalGmailHarness.raw(subject: "A"))
            let b = try await gmail.server.deliver(to: box.email, raw: LocalGmailHarness.raw(subject: "B"))
            let before = try #require(await gmail.server.historyId(email: box.email))
            let modified = try await gmail.call(
                .POST, "/gmail/v1/users/me/messages/\(a)/modify", token: box.accessToken,
                json: ["addLabelIds": [labelID], "removeLabelIds": ["UNREAD"]])
            #expect(modified.status == 200)
            #expect(modified.json["labelIds"] as? [String] == ["INBOX", labelID])
            let invalid = try await gmail.call(
                .POST, "/gmail/v1/users/me/messages/\(a)/modify", token: box.accessToken, json: ["addLabelIds": ["Label_999"]])
            #expect(invalid.status == 400)
            let batch = try await gmail.call(
                .POST, "/gmail/v1/users/me/messages/batchModify", token: box.accessToken,
                json: ["ids": [a, b], "addLabelIds": ["STARRED"]])
            #expect(batch.status == 204)
            #expect(await gmail.server.labels(email: box.email, messageId: b) == ["INBOX", "UNREAD", "STARRED"])
            let history = try await gmail.call(
                .GET, "/gmail/v1/users/me/history?startHistoryId=\(before)&historyTypes=labelAdded", token: box.accessToken)
            #expect((history.json["history"] as? [[String: Any]])?.count == 3)

            // The owner deletes the label: labels.get answers 404 and the messages lose it.
            try await gmail.server.deleteLabel(email: box.email, labelId: labelID)
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/labels/\(labelID)", token: box.accessToken).status == 404)
            #expect(await gmail.server.labels(email: box.email, messageId: a) == ["INBOX", "STARRED"])
            #expect(await gmail.server.callCounts(email: box.email)["messages.modify"] == 2)
        }
    }

    @Test("drafts.create with threadId joins the thread when the subject matches; update, edit by owner, send")
    func draftsInThreads() async throws {
        try await LocalGmailHarness.with { gmail in
            let box = await gmail.server.addMailbox(email: "owner@floworx.test")
            let incoming = LocalGmailHarness.raw(subject: "No heat", messageID: "<m1@example.com>")
            let messageID = try await gmail.server.deliver(to: box.email, raw: incoming)
            let thread = try #require(await gmail.server.message(email: box.email, id: messageID)?.threadId)

            let reply = LocalGmailHarness.raw(
                subject: "Re: No heat", from: "owner@floworx.test", to: "customer@example.com", body: "On our way",
                inReplyTo: "<m1@example.com>")
            let created = try await gmail.call(
                .POST, "/gmail/v1/users/me/drafts", token: box.accessToken,
                json: ["message": ["raw": LocalGmailHarness.base64URL(reply), "threadId": thread]])
            #expect(created.status == 200)
            let draftID = try #require(created.json["id"] as? String)
            let draftMessage = try #require(created.json["message"] as? [String: Any])
            #expect(draftMessage["threadId"] as? String == thread)
            #expect(draftMessage["labelIds"] as? [String] == ["DRAFT"])
            #expect(await gmail.server.drafts(email: box.email, threadId: thread).map(\.id) == [draftID])

            // A different subject in the same threadId starts a new thread, as Gmail does.
            let offTopic = try await gmail.call(
                .POST, "/gmail/v1/users/me/drafts", token: box.accessToken,
                json: ["message": ["raw": LocalGmailHarness.base64URL(LocalGmailHarness.raw(subject: "Invoice")), "threadId": thread]])
            #expect((offTopic.json["message"] as? [String: Any])?["threadId"] as? String != thread)
            let unknownThread = try await gmail.call(
                .POST, "/gmail/v1/users/me/drafts", token: box.accessToken,
                json: ["message": ["raw": LocalGmailHarness.base64URL(reply), "threadId": "abcdef0123"]])
            #expect(unknownThread.status == 404)
            let noRaw = try await gmail.call(.POST, "/gmail/v1/users/me/drafts", token: box.accessToken, json: ["message": [:] as [String: Any]])
            #expect(noRaw.status == 400)

            let got = try await gmail.call(.GET, "/gmail/v1/users/me/drafts/\(draftID)?format=raw", token: box.accessToken)
            let gotRaw = try #require((got.json["message"] as? [String: Any])?["raw"] as? String)
            #expect(LocalGmailHarness.decodeBase64URL(gotRaw) == reply)

            let updatedRaw = LocalGmailHarness.raw(subject: "Re: No heat", body: "On our way, 20 minutes", inReplyTo: "<m1@example.com>")
            let updated = try await gmail.call(
                .PUT, "/gmail/v1/users/me/drafts/\(draftID)", token: box.accessToken,
                json: ["id": draftID, "message": ["raw": LocalGmailHarness.base64URL(updatedRaw), "threadId": thread]])
            #expect(updated.status == 200)
            #expect((updated.json["message"] as? [String: Any])?["id"] as? String != draftMessage["id"] as? String)
            let list = try await gmail.call(.GET, "/gmail/v1/users/me/drafts", token: box.accessToken)
            #expect(list.json["resultSizeEstimate"] as? Int == 2)

            // The owner edits, then sends: the draft disappears and a SENT message joins the thread.
            try await gmail.server.editDraft(email: box.email, draftId: draftID, raw: updatedRaw)
            #expect(await gmail.server.drafts(email: box.email, threadId: thread).first?.editedByOwner == true)
            let sent = try await gmail.server.sendDraft(email: box.email, draftId: draftID)
            #expect(await gmail.server.drafts(email: box.email, threadId: thread).isEmpty)
            #expect(await gmail.server.message(email: box.email, id: sent)?.labelIds == ["SENT"])
            #expect(await gmail.server.messages(email: box.email, threadId: thread).map(\.id) == [messageID, sent])
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/drafts/\(draftID)", token: box.accessToken).status == 404)

            let other = try #require(offTopic.json["id"] as? String)
            #expect(try await gmail.call(.DELETE, "/gmail/v1/users/me/drafts/\(other)", token: box.accessToken).status == 204)
            #expect(await gmail.server.allDrafts(email: box.email).isEmpty)
            #expect(await gmail.server.quotaUnits(email: box.email) > 0)
        }
    }
}
