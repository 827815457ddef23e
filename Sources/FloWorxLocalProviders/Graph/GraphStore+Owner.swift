import Foundation

extension GraphStore {
    /// New mail arrives in the Inbox from raw MIME; the conversation follows In-Reply-To / References.
    func deliver(to email: String, raw: String, receivedAt: Date?) throws -> String {
        let key = email.lowercased()
        guard let mailbox = mailboxes[key] else { throw LocalGraphError.unknownMailbox(email) }
        let mime = GraphMIME(raw: raw)
        let now = receivedAt ?? Date()
        let messageIdHeader = mime.header("Message-ID") ?? "<\(GraphIds.token(18))@local.outlook.com>"
        let references = (mime.header("References") ?? "").split(separator: " ").map(String.init)
        let inReplyTo = mime.header("In-Reply-To")
        let related = Set(references + (inReplyTo.map { [$0] } ?? []))
        let conversation = related.isEmpty ? nil : mailbox.messages.values.first { related.contains($0.internetMessageId) }?.conversationId
        let sent = mime.header("Date").flatMap(Self.rfc2822)
        var message = GraphMessage(
            immutableId: GraphIds.immutable(), restId: GraphIds.rest(), folderId: mailbox.folderId("inbox")!,
            createdDateTime: now, lastModifiedDateTime: now, receivedDateTime: now, sentDateTime: sent ?? now,
            changeKey: GraphIds.changeKey(), changeSeq: 0, subject: mime.header("Subject") ?? "", body: mime.body,
            bodyIsHTML: mime.bodyIsHTML, from: mime.addresses("From").first, toRecipients: mime.addresses("To"),
            ccRecipients: mime.addresses("Cc"), replyTo: mime.addresses("Reply-To"), internetMessageId: messageIdHeader,
            inReplyTo: inReplyTo, references: references, conversationId: conversation ?? GraphIds.conversation(), raw: raw)
        mailboxes[key]!.touch(&message, now: now)
        changed(email: key, message: message, before: nil)
        return message.immutableId
    }

    static func rfc2822(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for format in ["EEE, dd MMM yyyy HH:mm:ss Z", "dd MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm:ss Z"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text.replacingOccurrences(of: " \\(.*\\)$", with: "", options: .regularExpression)) {
                return date
            }
        }
        return nil
    }

    func resolve(_ email: String, _ id: String) throws -> (String, String) {
        let key = email.lowercased()
        guard let mailbox = mailboxes[key] else { throw LocalGraphError.unknownMailbox(email) }
        guard let immutable = mailbox.messageId(id) else { throw LocalGraphError.unknownMessage(id) }
        return (key, immutable)
    }

    func ownerDelete(email: String, id: String) throws {
        let (key, immutable) = try resolve(email, id)
        remove(email: key, immutableId: immutable)
    }

    func ownerMove(email: String, id: String, folder: String) throws {
        let (key, immutable) = try resolve(email, id)
        let mailbox = mailboxes[key]!
        let target = mailbox.folderId(folder) ?? mailbox.folders.values.first { $0.displayName.lowercased() == folder.lowercased() }?.id
        guard let target else { throw LocalGraphError.unknownFolder(folder) }
        moveMessage(email: key, immutableId: immutable, to: target)
    }

    func ownerSetRead(email: String, id: String, isRead: Bool) throws {
        let (key, immutable) = try resolve(email, id)
        var message = mailboxes[key]!.messages[immutable]!
        message.isRead = isRead
        mailboxes[key]!.touch(&message)
        changed(email: key, message: message, before: message.folderId)
    }

    func editDraft(email: String, id: String, body: String, isHTML: Bool) throws {
        let (key, immutable) = try resolve(email, id)
        var message = mailboxes[key]!.messages[immutable]!
        guard message.isDraft else { throw LocalGraphError("message \(id) is not a draft") }
        message.body = body
        message.bodyIsHTML = isHTML
        message.editedByOwner = true
        mailboxes[key]!.touch(&message)
        changed(email: key, message: message, before: message.folderId)
    }

    /// The owner sends a draft: it leaves Drafts and appears in Sent Items, no longer a draft, with a new default id.
    func sendDraft(email: String, id: String) throws -> String {
        let (key, immutable) = try resolve(email, id)
        var message = mailboxes[key]!.messages[immutable]!
        guard message.isDraft else { throw LocalGraphError("message \(id) is not a draft") }
        let before = message.folderId
        mailboxes[key]!.restIndex[message.restId] = nil
        mailboxes[key]!.recordRemoval(of: immutable, restId: message.restId, from: before)
        message.isDraft = false
        message.sentDateTime = Date()
        message.folderId = mailboxes[key]!.folderId("sentitems")!
        message.restId = GraphIds.rest()
        mailboxes[key]!.touch(&message)
        changed(email: key, message: message, before: before)
        return message.immutableId
    }

    func expireDelta(email: String, code: String) throws {
        let key = email.lowercased()
        guard mailboxes[key] != nil else { throw LocalGraphError.unknownMailbox(email) }
        mailboxes[key]!.deltaGeneration += 1
        mailboxes[key]!.expiredDeltaCode = code
    }

    // MARK: State readers

    func snapshot(_ message: GraphMessage, in mailbox: GraphMailbox) -> GraphMessageSnapshot {
        GraphMessageSnapshot(
            id: message.immutableId, restId: message.restId, folderId: message.folderId,
            folderName: mailbox.folders[message.folderId]?.displayName ?? "", subject: message.subject, body: message.body,
            isRead: message.isRead, isDraft: message.isDraft, categories: message.categories,
            conversationId: message.conversationId, internetMessageId: message.internetMessageId,
            toRecipients: message.toRecipients.map(\.address), replyToMessageId: message.replyToMessageId,
            editedByOwner: message.editedByOwner, lastModifiedDateTime: message.lastModifiedDateTime)
    }

    func messageSnapshot(email: String, id: String) -> GraphMessageSnapshot? {
        guard let mailbox = mailboxes[email.lowercased()], let immutable = mailbox.messageId(id),
              let message = mailbox.messages[immutable] else { return nil }
        return snapshot(message, in: mailbox)
    }

    func messageSnapshots(email: String, folder: String?) throws -> [GraphMessageSnapshot] {
        let mailbox = try mailbox(email)
        var target: String?
        if let folder {
            target = mailbox.folderId(folder) ?? mailbox.folders.values.first { $0.displayName.lowercased() == folder.lowercased() }?.id
            guard target != nil else { throw LocalGraphError.unknownFolder(folder) }
        }
        return mailbox.messages.values.filter { target == nil || $0.folderId == target }
            .sorted { ($0.changeSeq) < ($1.changeSeq) }.map { snapshot($0, in: mailbox) }
    }

    func folderSnapshots(email: String) throws -> [GraphFolderSnapshot] {
        try mailbox(email).folders.values.sorted { $0.displayName < $1.displayName }.map {
            GraphFolderSnapshot(id: $0.id, displayName: $0.displayName, parentFolderId: $0.parentFolderId, wellKnownName: $0.wellKnownName)
        }
    }
}
