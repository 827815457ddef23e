import Foundation

/// JSON rendering and parsing for the Gmail resources, following the discovery document's schemas: 64-bit
/// integers (`historyId`, `internalDate`, `expiration`) as strings, bytes (`raw`, `body.data`) as base64url.
enum GmailRender {
    static func json(_ object: [String: Any]) throws -> LocalHTTPResponse {
        .json(200, try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    /// A request body as a JSON object whose keys are all in `allowed` (Google rejects unknown fields).
    static func object(_ body: Data, allowed: [String], at path: String) throws -> [String: Any] {
        if body.isEmpty { return [:] }
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw GmailAPIError(
                code: 400, message: "Invalid JSON payload received. Unexpected token.", reason: "invalid",
                status: "INVALID_ARGUMENT")
        }
        let known = Set(allowed)
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            let place = path.isEmpty ? "" : " at '\(path)'"
            throw GmailAPIError(
                code: 400, message: "Invalid JSON payload received. Unknown name \"\(unknown)\"\(place): Cannot find field.",
                reason: "invalid", status: "INVALID_ARGUMENT")
        }
        return object
    }

    /// An optional array of strings from a body.
    static func strings(_ value: Any?, at name: String) throws -> [String] {
        guard let value else { return [] }
        guard let array = value as? [Any], let strings = array as? [String] else {
            throw GmailAPIError.invalidArgument("Invalid value at '\(name)' (TYPE_STRING)")
        }
        return strings
    }

    /// base64url with padding, as Gmail's `raw` and `body.data`.
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    /// Accepts base64url or base64, padded or not (Google's decoder accepts both alphabets).
    static func decodeBase64(_ text: String) -> Data? {
        var normalized = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            .replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\r", with: "")
        normalized = normalized.trimmingCharacters(in: CharacterSet(charactersIn: "="))
        while normalized.count % 4 != 0 { normalized += "=" }
        return Data(base64Encoded: normalized)
    }

    static func pageToken(kind: String, _ value: UInt64) -> String {
        Data("\(kind):\(value)".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    static func decodePageToken(_ token: String, kind: String) -> UInt64? {
        guard let data = decodeBase64(token) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix(kind + ":") else { return nil }
        return UInt64(text.dropFirst(kind.count + 1))
    }

    /// A Message resource in `format` (`minimal`, `metadata`, `full`, `raw`).
    static func message(_ message: GmailMailbox.Message, format: String, metadataHeaders: [String]) -> [String: Any] {
        var object: [String: Any] = [
            "id": message.id, "threadId": message.threadID, "labelIds": message.labelIDs,
            "snippet": message.mime.snippet, "historyId": String(message.historyID),
            "internalDate": String(message.internalDate), "sizeEstimate": message.raw.count,
        ]
        switch format {
        case "raw":
            object["raw"] = base64URL(message.raw)
        case "metadata":
            var headers = message.mime.headers
            if !metadataHeaders.isEmpty {
                headers = headers.filter { header in metadataHeaders.contains { $0.caseInsensitiveCompare(header.name) == .orderedSame } }
            }
            object["payload"] = [
                "partId": "", "mimeType": message.mime.mimeType, "filename": "",
                "headers": headers.map { ["name": $0.name, "value": $0.value] },
            ] as [String: Any]
        case "full":
            object["payload"] = part(message.mime, partID: "")
        default:
            break
        }
        return object
    }

    static func part(_ mime: GmailMIME, partID: String) -> [String: Any] {
        var object: [String: Any] = [
            "partId": partID, "mimeType": mime.mimeType, "filename": GmailMIME.parameter("filename", in: mime.header("Content-Disposition") ?? "") ?? "",
            "headers": mime.headers.map { ["name": $0.name, "value": $0.value] },
        ]
        if mime.parts.isEmpty {
            object["body"] = ["size": mime.body.count, "data": base64URL(mime.body)] as [String: Any]
        } else {
            object["body"] = ["size": 0]
            object["parts"] = mime.parts.enumerated().map { index, child in
                part(child, partID: partID.isEmpty ? String(index) : "\(partID).\(index)")
            }
        }
        return object
    }

    /// A History record, keeping only the requested `historyTypes` (all when empty).
    static func history(_ record: GmailMailbox.HistoryRecord, types: Set<String>) -> [String: Any] {
        let brief: [String: Any] = ["id": record.messageID, "threadId": record.threadID]
        let withLabels: [String: Any] = ["id": record.messageID, "threadId": record.threadID, "labelIds": record.labelIDs]
        func wanted(_ type: String) -> Bool { types.isEmpty || types.contains(type) }
        var object: [String: Any] = ["id": String(record.id), "messages": [brief]]
        if record.added, wanted("messageAdded") { object["messagesAdded"] = [["message": withLabels]] }
        if record.deleted, wanted("messageDeleted") { object["messagesDeleted"] = [["message": brief]] }
        if !record.labelsAdded.isEmpty, wanted("labelAdded") {
            object["labelsAdded"] = [["message": withLabels, "labelIds": record.labelsAdded]]
        }
        if !record.labelsRemoved.isEmpty, wanted("labelRemoved") {
            object["labelsRemoved"] = [["message": withLabels, "labelIds": record.labelsRemoved]]
        }
        return object
    }

    /// A Label resource; `counts` adds the totals `labels.get` answers with.
    static func label(_ label: GmailMailbox.Label, counts mailbox: GmailMailbox?) -> [String: Any] {
        var object: [String: Any] = ["id": label.id, "name": label.name, "type": label.type]
        if let value = label.messageListVisibility { object["messageListVisibility"] = value }
        if let value = label.labelListVisibility { object["labelListVisibility"] = value }
        if let color = label.color { object["color"] = color }
        if let mailbox {
            let messages = mailbox.messages.values.filter { $0.labelIDs.contains(label.id) }
            let unread = messages.filter { $0.labelIDs.contains("UNREAD") }
            object["messagesTotal"] = messages.count
            object["messagesUnread"] = unread.count
            object["threadsTotal"] = Set(messages.map(\.threadID)).count
            object["threadsUnread"] = Set(unread.map(\.threadID)).count
        }
        return object
    }
}
