import Foundation

extension GraphStore {
    func messageContext(_ request: GraphRequest, _ mailbox: GraphMailbox) -> String {
        "\(request.serviceRoot)/$metadata#users('\(mailbox.userId)')/messages/$entity"
    }

    func messageReply(_ status: Int, _ message: GraphMessage, _ request: GraphRequest, _ mailbox: GraphMailbox) -> GraphReply {
        var object = message.json(immutable: request.immutableIds, select: request.select)
        object["@odata.context"] = messageContext(request, mailbox)
        return .json(status, object, headers: preferenceApplied(request))
    }

    func getMessage(_ request: GraphRequest, email: String, reference: String) -> GraphReply {
        let mailbox = mailboxes[email]!
        guard let id = mailbox.messageId(reference), let message = mailbox.messages[id] else { return .itemNotFound() }
        return messageReply(200, message, request, mailbox)
    }

    func listMessages(_ request: GraphRequest, email: String, folderReference: String) -> GraphReply {
        let mailbox = mailboxes[email]!
        guard let folder = mailbox.folderId(folderReference) else { return .itemNotFound() }
        let all = mailbox.messages.values.filter { $0.folderId == folder }
            .sorted { ($0.receivedDateTime, $0.immutableId) > ($1.receivedDateTime, $1.immutableId) }
        let top = min(max(Int(request.query["$top"] ?? "") ?? request.maxPageSize ?? configuration.defaultPageSize, 1), configuration.maxPageSize)
        let skip = max(Int(request.query["$skip"] ?? "") ?? 0, 0)
        var object: [String: Any] = [
            "@odata.context": "\(request.serviceRoot)/$metadata#users('\(mailbox.userId)')/mailFolders('\(folderReference)')/messages",
            "value": all.dropFirst(skip).prefix(top).map { $0.json(immutable: request.immutableIds, select: request.select) },
        ]
        if skip + top < all.count {
            var link = "\(request.serviceRoot.dropLast(5))\(request.path)?%24top=\(top)&%24skip=\(skip + top)"
            if let select = request.query["$select"] { link += "&%24select=" + (select.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: ","))) ?? select) }
            object["@odata.nextLink"] = link
        }
        return .json(200, object, headers: preferenceApplied(request))
    }

    /// PATCH: `isRead`, `categories`, `flag`, `importance`, `inferenceClassification` on any message; `subject`,
    /// `body` and recipients only on drafts (Graph refuses them on a sent or received message).
    func updateMessage(_ request: GraphRequest, email: String, reference: String) -> GraphReply {
        let mailbox = mailboxes[email]!
        guard let id = mailbox.messageId(reference), var message = mailbox.messages[id] else { return .itemNotFound() }
        guard let body = GraphJSON.object(request.body) else {
            return .badRequest("Invalid JSON in the request body.", code: "RequestBodyRead")
        }
        let draftOnly: Set<String> = ["subject", "body", "toRecipients", "ccRecipients", "bccRecipients", "replyTo"]
        for (key, value) in body where !key.hasPrefix("@odata") {
            if draftOnly.contains(key), !message.isDraft {
                return .badRequest("Update operation is invalid for property of a sent message.", code: "ErrorInvalidPropertyUpdateSentMessage")
            }
            func invalid() -> GraphReply {
                .badRequest("Cannot convert the literal value of property '\(key)' to the expected type.", code: "RequestBodyRead")
            }
            switch key {
            case "isRead":
                guard let flag = value as? Bool else { return invalid() }
                message.isRead = flag
            case "categories":
                // Collection(Edm.String), not nullable: the whole list is replaced (Graph has no "add one"), which is
                // why FloWorx reads the message's categories and writes the union. The id does not change.
                if value is NSNull {
                    return .badRequest("A null value was found for the property named 'categories', which has the expected type 'Collection(Edm.String)[Nullable=False]'. The expected type 'Collection(Edm.String)[Nullable=False]' does not allow null values.", code: "RequestBodyRead")
                }
                guard let items = value as? [Any], let list = value as? [String], items.count == list.count,
                      !items.contains(where: { $0 is NSNumber }) else { return invalid() }
                message.categories = list
            case "flag":
                guard let flag = value as? [String: Any], let status = flag["flagStatus"] as? String,
                      ["notFlagged", "complete", "flagged"].contains(status) else { return invalid() }
                message.flagStatus = status
            case "importance":
                guard let level = value as? String, ["low", "normal", "high"].contains(level) else { return invalid() }
                message.importance = level
            case "inferenceClassification":
                guard value is String else { return invalid() }
            case "subject":
                guard let subject = value as? String else { return invalid() }
                message.subject = subject
            case "body":
                guard let item = value as? [String: Any], let content = item["content"] as? String else { return invalid() }
                let type = (item["contentType"] as? String)?.lowercased() ?? "text"
                guard type == "text" || type == "html" else { return invalid() }
                message.body = content
                message.bodyIsHTML = type == "html"
            case "toRecipients", "ccRecipients", "bccRecipients", "replyTo":
                guard let list = GraphJSON.recipients(value) else { return invalid() }
                switch key {
                case "toRecipients": message.toRecipients = list
                case "ccRecipients": message.ccRecipients = list
                case "bccRecipients": message.bccRecipients = list
                default: message.replyTo = list
                }
            default:
                return .badRequest("The property '\(key)' does not exist on type 'microsoft.graph.message'. Make sure to only use property names that are defined by the type or mark the type as open type.", code: "RequestBodyRead")
            }
        }
        let folder = message.folderId
        mailboxes[email]!.touch(&message)
        changed(email: email, message: message, before: folder)
        return messageReply(200, message, request, mailboxes[email]!)
    }

    func deleteMessage(_ request: GraphRequest, email: String, reference: String) -> GraphReply {
        guard let id = mailboxes[email]!.messageId(reference) else { return .itemNotFound() }
        remove(email: email, immutableId: id)
        return .noContent
    }

    /// Removes a message (API delete or owner delete): `@removed` in delta, `deleted` notifications.
    func remove(email: String, immutableId: String) {
        guard let message = mailboxes[email]?.messages.removeValue(forKey: immutableId) else { return }
        mailboxes[email]!.restIndex[message.restId] = nil
        mailboxes[email]!.recordRemoval(of: immutableId, restId: message.restId, from: message.folderId)
        notifySubscribers(email: email, message: message, changeType: "deleted", folderScope: message.folderId)
    }

    func mime(_ request: GraphRequest, email: String, reference: String) -> GraphReply {
        let mailbox = mailboxes[email]!
        guard let id = mailbox.messageId(reference), let message = mailbox.messages[id] else { return .itemNotFound() }
        let text = message.raw ?? GraphMIME.render(message)
        return GraphReply(status: 200, contentType: "text/plain", body: Data(text.utf8))
    }

    func move(_ request: GraphRequest, email: String, reference: String) -> GraphReply {
        guard let id = mailboxes[email]!.messageId(reference) else { return .itemNotFound() }
        guard let body = GraphJSON.object(request.body), let destination = GraphJSON.parameter(body, "destinationId") as? String, !destination.isEmpty else {
            return .badRequest("Empty Property: 'destinationId'.", code: "ErrorInvalidParameter")
        }
        guard let folder = mailboxes[email]!.folderId(destination) else { return .itemNotFound() }
        let message = moveMessage(email: email, immutableId: id, to: folder)
        return messageReply(201, message, request, mailboxes[email]!)
    }

    /// Moves a message (API or owner): a new default id, the immutable id kept, delta and notifications as Graph.
    @discardableResult
    func moveMessage(email: String, immutableId: String, to folder: String) -> GraphMessage {
        var message = mailboxes[email]!.messages[immutableId]!
        let before = message.folderId
        guard before != folder else { return message }
        mailboxes[email]!.restIndex[message.restId] = nil
        mailboxes[email]!.recordRemoval(of: immutableId, restId: message.restId, from: before)
        message.folderId = folder
        message.restId = GraphIds.rest()
        mailboxes[email]!.touch(&message)
        changed(email: email, message: message, before: before)
        return message
    }

    /// `createReply`: a draft in Drafts, in the same conversation, addressed to the sender (or Reply-To), quoting
    /// the original. The original is left as it was (in particular `isRead`).
    func createReply(_ request: GraphRequest, email: String, reference: String) -> GraphReply {
        let mailbox = mailboxes[email]!
        guard let id = mailbox.messageId(reference), let original = mailbox.messages[id] else { return .itemNotFound() }
        guard let body = GraphJSON.object(request.body) else {
            return .badRequest("Invalid JSON in the request body.", code: "RequestBodyRead")
        }
        let comment = GraphJSON.parameter(body, "comment") as? String ?? ""
        let overrides = GraphJSON.parameter(body, "message") as? [String: Any]
        let draft = makeReplyDraft(email: email, original: original, comment: comment, overrides: overrides)
        return messageReply(201, draft, request, mailboxes[email]!)
    }

    func makeReplyDraft(email: String, original: GraphMessage, comment: String, overrides: [String: Any]?) -> GraphMessage {
        let mailbox = mailboxes[email]!
        let now = Date()
        let subject = original.subject.lowercased().hasPrefix("re:") ? original.subject : "RE: \(original.subject)"
        let quoted = original.bodyIsHTML ? original.body : original.body
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\n", with: "<br>")
        let html = """
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>\
            <div>\(comment.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr">\
            <b>From:</b> \(original.from?.name ?? "") &lt;\(original.from?.address ?? "")&gt;<br>\
            <b>Sent:</b> \(GraphJSON.seconds(original.receivedDateTime))<br><b>Subject:</b> \(original.subject)</div>\
            <div>\(quoted)</div></body></html>
            """
        var draft = GraphMessage(
            immutableId: GraphIds.immutable(), restId: GraphIds.rest(), folderId: mailbox.folderId("drafts")!,
            createdDateTime: now, lastModifiedDateTime: now, receivedDateTime: now, sentDateTime: nil,
            changeKey: GraphIds.changeKey(), changeSeq: 0, subject: subject, body: html, bodyIsHTML: true,
            from: GraphAddress(name: mailbox.displayName, address: mailbox.email),
            toRecipients: original.replyTo.isEmpty ? (original.from.map { [$0] } ?? []) : original.replyTo,
            internetMessageId: "<\(GraphIds.token(18))@local.outlook.com>",
            inReplyTo: original.internetMessageId, references: original.references + [original.internetMessageId],
            conversationId: original.conversationId, isRead: true, isDraft: true, replyToMessageId: original.immutableId)
        if let overrides {
            if let subject = overrides["subject"] as? String { draft.subject = subject }
            if let body = overrides["body"] as? [String: Any], let content = body["content"] as? String {
                draft.body = content
                draft.bodyIsHTML = (body["contentType"] as? String)?.lowercased() == "html"
            }
            if let to = GraphJSON.recipients(overrides["toRecipients"]) { draft.toRecipients = to }
            if let cc = GraphJSON.recipients(overrides["ccRecipients"]) { draft.ccRecipients = cc }
        }
        mailboxes[email]!.touch(&draft)
        changed(email: email, message: draft, before: nil)
        return draft
    }
}
