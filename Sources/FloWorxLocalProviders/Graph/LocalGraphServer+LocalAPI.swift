import Foundation
import Hummingbird

/// A small HTTP face of the control surface under `/_local/graph/` (not part of Graph's API), so the demo can add a
/// message to a mailbox with one command and show what FloWorx did, without a token:
///
/// - `GET /_local/graph/mailboxes`: every mailbox with its counts of messages (drafts included), drafts and live
///   subscriptions;
/// - `GET /_local/graph/mailboxes/{email}`: its folders (display names and paths such as `Inbox/Quotes`), messages
///   (folder by path, subject, isRead, isDraft, categories, bodyPreview) and drafts;
/// - `POST /_local/graph/mailboxes/{email}/messages`: mail arrives in the Inbox and subscribers are notified, as with
///   `deliver(to:raw:receivedAt:)`; the body is the RFC 5322 message itself, or JSON `{"raw": base64url}` or
///   `{"from", "subject", "body"}`; answers `{"id","conversationId"}` (the immutable id);
/// - `POST /_local/graph/mailboxes/{email}/drafts/{id}/send`: the owner sends a draft; answers `{"id"}`.
///
/// Errors answer `{"error": message}`: 404 for an unknown path, mailbox or draft, 400 for a body that is no message.
/// Tokens are never shown. The server listens on loopback only by default.
extension LocalGraphServer {
    static let localPrefix = "/_local/graph/"

    /// Answers a request under `localPrefix`; no bearer token is asked for.
    func handleLocal(_ request: Request) async -> Response {
        let body: Data
        do {
            body = Data(try await request.body.collect(upTo: 8 * 1024 * 1024).readableBytesView)
        } catch {
            return Self.response(Self.localError(413, "the body is over 8 MiB"), clientRequestID: nil)
        }
        let reply = await handleLocal(
            method: request.method.rawValue, path: request.uri.path, contentType: request.headers[.contentType], body: body)
        return Self.response(reply, clientRequestID: nil)
    }

    func handleLocal(method: String, path: String, contentType: String?, body: Data) async -> GraphReply {
        let parts = path.dropFirst(Self.localPrefix.count).split(separator: "/")
            .map { String($0).removingPercentEncoding ?? String($0) }
        do {
            switch (method, parts.count) {
            case ("GET", 1) where parts[0] == "mailboxes":
                var list: [[String: Any]] = []
                let all = await store.mailboxes
                for mailbox in all.values.sorted(by: { $0.email.lowercased() < $1.email.lowercased() }) {
                    let subscriptions = await store.subscriptionSnapshots(email: mailbox.email).count
                    list.append([
                        "email": mailbox.email, "messages": mailbox.messages.count,
                        "drafts": mailbox.messages.values.filter(\.isDraft).count, "subscriptions": subscriptions,
                    ])
                }
                return Self.localJSON(["mailboxes": list])
            case ("GET", 2) where parts[0] == "mailboxes":
                return Self.localJSON(try await overview(parts[1]))
            case ("POST", 3) where parts[0] == "mailboxes" && parts[2] == "messages":
                guard await mailboxExists(email: parts[1]) else { throw LocalGraphError.unknownMailbox(parts[1]) }
                let raw = try Self.localMessage(contentType: contentType, body: body, to: parts[1])
                let id = try await deliver(to: parts[1], raw: raw)
                let conversation = await message(email: parts[1], id: id)?.conversationId ?? ""
                return Self.localJSON(["id": id, "conversationId": conversation])
            case ("POST", 5) where parts[0] == "mailboxes" && parts[2] == "drafts" && parts[4] == "send":
                guard await mailboxExists(email: parts[1]) else { throw LocalGraphError.unknownMailbox(parts[1]) }
                // A message that is not a draft is not found under `drafts/`, as Gmail's twin answers.
                guard await message(email: parts[1], id: parts[3])?.isDraft == true else {
                    return Self.localError(404, "no draft \(parts[3])")
                }
                return Self.localJSON(["id": try await sendDraft(email: parts[1], id: parts[3])])
            default:
                return Self.localError(404, "no such local control path")
            }
        } catch let error as LocalGraphError {
            // The control surface's errors are "no mailbox/message/folder ..." (not found) or a refused action.
            return Self.localError(error.description.hasPrefix("no ") ? 404 : 400, error.description)
        } catch {
            return Self.localError(400, "\(error)")
        }
    }

    private func overview(_ email: String) async throws -> [String: Any] {
        guard let mailbox = await store.mailboxes[email.lowercased()] else { throw LocalGraphError.unknownMailbox(email) }
        let subscriptions = await store.subscriptionSnapshots(email: mailbox.email).count
        /// `Inbox/Quotes`: display names from below the root (`Top of Information Store`, not shown) down.
        func path(_ id: String) -> String {
            var names: [String] = []
            var current = mailbox.folders[id]
            while let folder = current, folder.id != mailbox.rootId, names.count < 64 {
                names.insert(folder.displayName, at: 0)
                current = mailbox.folders[folder.parentFolderId]
            }
            return names.joined(separator: "/")
        }
        let folders = mailbox.folders.values.filter { $0.id != mailbox.rootId }
            .map { folder -> [String: Any] in
                var object: [String: Any] = [
                    "id": folder.id, "displayName": folder.displayName, "path": path(folder.id),
                    "totalItemCount": mailbox.messages.values.filter { $0.folderId == folder.id }.count,
                ]
                if let name = folder.wellKnownName { object["wellKnownName"] = name }
                return object
            }
            .sorted { ($0["path"] as? String ?? "") < ($1["path"] as? String ?? "") }
        // Arrival order, as a mail client lists them (the change sequence would reorder on every update).
        let ordered = mailbox.messages.values.sorted { ($0.createdDateTime, $0.changeSeq) < ($1.createdDateTime, $1.changeSeq) }
        let messages = ordered.map { message -> [String: Any] in
            [
                "id": message.immutableId, "conversationId": message.conversationId, "folder": path(message.folderId),
                "subject": message.subject, "from": message.from?.address ?? "", "isRead": message.isRead,
                "isDraft": message.isDraft, "categories": message.categories, "bodyPreview": message.bodyPreview,
            ]
        }
        let drafts = ordered.filter(\.isDraft).map { message -> [String: Any] in
            [
                "id": message.immutableId, "conversationId": message.conversationId, "folder": path(message.folderId),
                "subject": message.subject, "to": message.toRecipients.map(\.address), "bodyPreview": message.bodyPreview,
                "replyToMessageId": message.replyToMessageId ?? "", "editedByOwner": message.editedByOwner,
            ]
        }
        return [
            "email": mailbox.email, "folders": folders, "messages": messages, "drafts": drafts, "subscriptions": subscriptions,
        ]
    }

    /// The message a control POST carries: raw MIME, or JSON with `raw` (base64url) or with `from`/`subject`/`body`.
    static func localMessage(contentType: String?, body: Data, to email: String) throws -> String {
        guard (contentType ?? "").lowercased().hasPrefix("application/json") else {
            guard !body.isEmpty else { throw LocalGraphError("empty message") }
            guard let text = String(data: body, encoding: .utf8) else { throw LocalGraphError("the message is not UTF-8") }
            return text
        }
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw LocalGraphError("the body is not a JSON object")
        }
        if let raw = object["raw"] {
            guard let raw = raw as? String, let data = base64URL(raw), !data.isEmpty, let text = String(data: data, encoding: .utf8)
            else { throw LocalGraphError("raw is not base64url UTF-8 text") }
            return text
        }
        let from = object["from"] as? String ?? "customer@example.com"
        let subject = object["subject"] as? String ?? "Hello"
        let text = object["body"] as? String ?? ""
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let lines = [
            "From: \(from)", "To: \(object["to"] as? String ?? email)", "Subject: \(subject)",
            "Message-ID: <\(UUID().uuidString.lowercased())@floworx.local>", "Date: \(formatter.string(from: Date()))",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
        ]
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + text + "\r\n"
    }

    /// Decodes base64url (or plain base64), padded or not.
    static func base64URL(_ text: String) -> Data? {
        var value = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        value += String(repeating: "=", count: (4 - value.count % 4) % 4)
        return Data(base64Encoded: value)
    }

    /// Keys sorted, as the Gmail twin writes them, so the demo's output reads the same on every run.
    static func localJSON(_ object: [String: Any]) -> GraphReply {
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return GraphReply(status: 200, contentType: "application/json", body: body)
    }

    static func localError(_ status: Int, _ message: String) -> GraphReply {
        GraphReply(status: status, contentType: "application/json", body: GraphJSON.encode(["error": message]))
    }
}
