import Foundation

/// `users.drafts.*`: a draft's message carries the DRAFT label and joins the requested thread when its subject
/// matches, as Gmail does; every update replaces the message (a new message id).
extension LocalGmailServer {

    func draftsList(_ call: Call) throws -> LocalHTTPResponse {
        let mailbox = try box(call)
        let pageSize = try pageSize(call.request, default: 100)
        let all = mailbox.draftOrder.reversed().compactMap { id -> [String: Any]? in
            guard let draft = mailbox.drafts[id], let message = mailbox.messages[draft.messageID] else { return nil }
            return ["id": id, "message": ["id": message.id, "threadId": message.threadID]]
        }
        let offset = try call.request.queryValue("pageToken").map { token -> Int in
            guard let value = GmailRender.decodePageToken(token, kind: "d") else {
                throw GmailAPIError.invalidArgument("Invalid pageToken")
            }
            return Int(value)
        } ?? 0
        let page = Array(all.dropFirst(offset).prefix(pageSize))
        var body: [String: Any] = ["resultSizeEstimate": all.count]
        if !page.isEmpty { body["drafts"] = page }
        if offset + page.count < all.count { body["nextPageToken"] = GmailRender.pageToken(kind: "d", UInt64(offset + page.count)) }
        return try GmailRender.json(body)
    }

    func draftsGet(_ call: Call) throws -> LocalHTTPResponse {
        let mailbox = try box(call)
        guard let draft = mailbox.drafts[call.parts[1]], let message = mailbox.messages[draft.messageID] else {
            throw GmailAPIError.notFound
        }
        let format = try self.format(call.request)
        return try GmailRender.json(["id": draft.id, "message": GmailRender.message(message, format: format, metadataHeaders: [])])
    }

    /// The `message` of a Draft body: its raw bytes and requested thread.
    func draftMessage(_ body: [String: Any]) throws -> (raw: Data, threadID: String?) {
        guard let message = body["message"] as? [String: Any] else {
            throw GmailAPIError.invalidArgument("Missing draft message")
        }
        let allowed = Set([
            "classificationLabelValues", "historyId", "id", "internalDate", "labelIds", "payload", "raw", "sizeEstimate",
            "snippet", "threadId",
        ])
        if let unknown = message.keys.first(where: { !allowed.contains($0) }) {
            throw GmailAPIError(
                code: 400, message: "Invalid JSON payload received. Unknown name \"\(unknown)\" at 'draft.message': Cannot find field.",
                reason: "invalid", status: "INVALID_ARGUMENT")
        }
        guard let rawText = message["raw"] as? String, !rawText.isEmpty else {
            throw GmailAPIError.invalidArgument("Missing draft message")
        }
        guard let raw = GmailRender.decodeBase64(rawText) else {
            throw GmailAPIError.invalidArgument("Invalid value at 'draft.message.raw' (TYPE_BYTES), Base64 decoding failed")
        }
        if let thread = message["threadId"], !(thread is String) {
            throw GmailAPIError.invalidArgument("Invalid value at 'draft.message.thread_id' (TYPE_STRING)")
        }
        return (raw, message["threadId"] as? String)
    }

    func draftsCreate(_ call: Call) throws -> LocalHTTPResponse {
        let body = try GmailRender.object(call.request.body, allowed: ["id", "message"], at: "draft")
        let (raw, requested) = try draftMessage(body)
        var mailbox = try box(call)
        if let requested, !mailbox.threadExists(requested) { throw GmailAPIError.notFound }
        let id = newMessageID()
        let thread = mailbox.threadFor(GmailMIME(raw), requested: requested, newID: id)
        let message = mailbox.add(id: id, threadID: thread, raw: raw, labelIDs: ["DRAFT"])
        let draftID = newDraftID()
        mailbox.drafts[draftID] = GmailMailbox.Draft(id: draftID, messageID: message.id, editedByOwner: false)
        mailbox.draftOrder.append(draftID)
        mailboxes[call.email] = mailbox
        return try GmailRender.json(["id": draftID, "message": ["id": message.id, "threadId": message.threadID, "labelIds": message.labelIDs]])
    }

    func draftsUpdate(_ call: Call) throws -> LocalHTTPResponse {
        let body = try GmailRender.object(call.request.body, allowed: ["id", "message"], at: "draft")
        let (raw, requested) = try draftMessage(body)
        var mailbox = try box(call)
        let draftID = call.parts[1]
        guard let draft = mailbox.drafts[draftID], let old = mailbox.messages[draft.messageID] else {
            throw GmailAPIError.notFound
        }
        if let bodyID = body["id"] as? String, bodyID != draftID {
            throw GmailAPIError.invalidArgument("Draft id in the request body does not match the id in the path")
        }
        let id = newMessageID()
        let thread = mailbox.threadFor(GmailMIME(raw), requested: requested ?? old.threadID, newID: id)
        mailbox.delete(messageID: old.id)
        let message = mailbox.add(id: id, threadID: thread, raw: raw, labelIDs: ["DRAFT"])
        mailbox.drafts[draftID] = GmailMailbox.Draft(id: draftID, messageID: message.id, editedByOwner: false)
        mailboxes[call.email] = mailbox
        return try GmailRender.json(["id": draftID, "message": ["id": message.id, "threadId": message.threadID, "labelIds": message.labelIDs]])
    }

    func draftsDelete(_ call: Call) throws -> LocalHTTPResponse {
        var mailbox = try box(call)
        guard let draft = mailbox.drafts.removeValue(forKey: call.parts[1]) else { throw GmailAPIError.notFound }
        mailbox.draftOrder.removeAll { $0 == draft.id }
        mailbox.delete(messageID: draft.messageID)
        mailboxes[call.email] = mailbox
        return .empty(204)
    }
}
