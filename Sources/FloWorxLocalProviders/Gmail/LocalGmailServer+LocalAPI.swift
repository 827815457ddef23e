import Foundation

/// A small HTTP face of the control surface under `/_local/gmail/` (not part of Gmail's API), so the demo can add a
/// message to a mailbox with one command and show what FloWorx did, without a token:
///
/// - `GET /_local/gmail/mailboxes`: every mailbox with its historyId and counts;
/// - `GET /_local/gmail/mailboxes/{email}`: its labels, messages (labels by name, subject, snippet) and drafts;
/// - `POST /_local/gmail/mailboxes/{email}/messages`: mail arrives; the body is the RFC 5322 message itself, or JSON
///   `{"raw": base64url, "threadId"?}` or `{"from", "subject", "body"}`; answers `{"id","threadId","historyId"}`;
/// - `POST /_local/gmail/mailboxes/{email}/drafts/{id}/send`: the owner sends a draft; answers `{"id"}`.
///
/// Tokens are never shown. The server listens on loopback only by default.
extension LocalGmailServer {
    static let localPrefix = "/_local/gmail/"

    func handleLocal(_ request: LocalHTTPRequest) -> LocalHTTPResponse {
        let parts = request.path.dropFirst(Self.localPrefix.count).split(separator: "/")
            .map { String($0).removingPercentEncoding ?? String($0) }
        do {
            switch (request.method, parts.count) {
            case ("GET", 1) where parts[0] == "mailboxes":
                let list = mailboxes.keys.sorted().compactMap { mailboxes[$0] }.map { mailbox -> [String: Any] in
                    ["email": mailbox.email, "historyId": String(mailbox.historyID), "messages": mailbox.messages.count,
                     "drafts": mailbox.drafts.count]
                }
                return try GmailRender.json(["mailboxes": list])
            case ("GET", 2) where parts[0] == "mailboxes":
                return try GmailRender.json(try overview(parts[1]))
            case ("POST", 3) where parts[0] == "mailboxes" && parts[2] == "messages":
                let (raw, threadID) = try Self.localMessage(request)
                let id = try deliver(to: parts[1], raw: raw, threadId: threadID)
                let message = mailboxes[parts[1]]?.messages[id]
                return try GmailRender.json([
                    "id": id, "threadId": message?.threadID ?? id, "historyId": String(mailboxes[parts[1]]?.historyID ?? 0),
                ])
            case ("POST", 5) where parts[0] == "mailboxes" && parts[2] == "drafts" && parts[4] == "send":
                return try GmailRender.json(["id": try sendDraft(email: parts[1], draftId: parts[3])])
            default:
                return Self.localError(404, "no such local control path")
            }
        } catch let error as LocalProviderError {
            switch error {
            case .unknownMailbox, .notFound: return Self.localError(404, error.description)
            default: return Self.localError(400, error.description)
            }
        } catch {
            return Self.localError(400, "\(error)")
        }
    }

    private func overview(_ email: String) throws -> [String: Any] {
        guard let mailbox = mailboxes[email] else { throw LocalProviderError.unknownMailbox(email) }
        func names(_ ids: [String]) -> [String] { ids.map { mailbox.labels[$0]?.name ?? $0 } }
        let messages = mailbox.messageOrder.compactMap { mailbox.messages[$0] }.map { message -> [String: Any] in
            [
                "id": message.id, "threadId": message.threadID, "labelIds": message.labelIDs,
                "labels": names(message.labelIDs), "subject": message.mime.header("Subject") ?? "",
                "from": message.mime.header("From") ?? "", "snippet": message.mime.snippet,
            ]
        }
        let drafts = mailbox.draftOrder.compactMap { id -> [String: Any]? in
            guard let draft = mailbox.drafts[id], let message = mailbox.messages[draft.messageID] else { return nil }
            return [
                "id": id, "messageId": message.id, "threadId": message.threadID,
                "subject": message.mime.header("Subject") ?? "", "to": message.mime.header("To") ?? "",
                "snippet": message.mime.snippet, "editedByOwner": draft.editedByOwner,
            ]
        }
        let labels = mailbox.labelOrder.compactMap { mailbox.labels[$0] }.map { ["id": $0.id, "name": $0.name, "type": $0.type] }
        return [
            "email": mailbox.email, "historyId": String(mailbox.historyID), "labels": labels, "messages": messages,
            "drafts": drafts, "watching": mailbox.watch.map { $0.expiration > Date() } ?? false,
        ]
    }

    /// The message a control POST carries: raw MIME, or JSON with `raw` or with `from`/`subject`/`body`.
    static func localMessage(_ request: LocalHTTPRequest) throws -> (Data, String?) {
        let type = request.header("Content-Type")?.lowercased() ?? ""
        guard type.hasPrefix("application/json") else {
            guard !request.body.isEmpty else { throw LocalProviderError.invalidArgument("empty message") }
            return (request.body, nil)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] else {
            throw LocalProviderError.invalidArgument("the body is not a JSON object")
        }
        let threadID = object["threadId"] as? String
        if let raw = object["raw"] as? String {
            guard let data = GmailRender.decodeBase64(raw) else { throw LocalProviderError.invalidArgument("raw is not base64url") }
            return (data, threadID)
        }
        let from = object["from"] as? String ?? "customer@example.com"
        let subject = object["subject"] as? String ?? "Hello"
        let body = object["body"] as? String ?? ""
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let lines = [
            "From: \(from)", "To: \(object["to"] as? String ?? "owner@floworx.local")", "Subject: \(subject)",
            "Message-ID: <\(UUID().uuidString.lowercased())@floworx.local>", "Date: \(formatter.string(from: Date()))",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
        ]
        return (Data((lines.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n").utf8), threadID)
    }

    static func localError(_ status: Int, _ message: String) -> LocalHTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: ["error": message])) ?? Data()
        return .json(status, data)
    }
}
