import Crypto
import FloWorxCore
import FloWorxStore
import Foundation
import HTTPTypes

/// Turns an ingestion request body into validated messages, or a 400 that says exactly what is wrong.
/// Nothing is written unless every message of the request is valid.
package struct IngestRequest {
    /// The most messages one request may carry.
    package static let maximumMessages = 500
    /// Per-message limits.
    package static let maximumMessageIdLength = 998
    package static let maximumTextLength = 2 * 1024 * 1024

    package var messages: [EmailMessage]
    package var priority: Int
    /// Whether the request used a batch form (an array or `messages`), which is answered with a list.
    package var isBatch: Bool

    /// Normalized JSON: one message, an array of messages, or `{"messages": [...], "priority": n}`.
    package init(json data: Data, priority defaultPriority: Int) throws(APIError) {
        guard let root = try? JSONSerialization.jsonObject(with: data) else {
            throw APIError(.badRequest, "invalid_json", "the body is not valid JSON")
        }
        var priority = defaultPriority
        let items: [Any]
        if let array = root as? [Any] {
            items = array
        } else if let object = root as? [String: Any], let list = object["messages"] {
            guard let array = list as? [Any] else { throw APIError(.badRequest, "invalid_email_data", "messages must be an array") }
            items = array
            if let value = object["priority"] {
                guard let number = value as? Int, (0...100).contains(number) else {
                    throw APIError(.badRequest, "invalid_priority", "priority must be an integer from 0 to 100")
                }
                priority = number
            }
        } else if root is [String: Any] {
            items = [root]
        } else {
            throw APIError(.badRequest, "invalid_email_data", "send one message object, an array of them, or {\"messages\": [...]}")
        }
        guard !items.isEmpty else { throw APIError(.badRequest, "invalid_email_data", "no messages in the request") }
        guard items.count <= Self.maximumMessages else {
            throw APIError(.contentTooLarge, "too_many_messages", "at most \(Self.maximumMessages) messages per request, got \(items.count)")
        }
        let decoder = JSONCoding.decoder()
        var messages: [EmailMessage] = []
        for (index, item) in items.enumerated() {
            let bare = items.count == 1 && !(root is [Any]) && (root as? [String: Any])?["messages"] == nil
            let prefix = bare ? "" : "messages[\(index)]"
            guard item is [String: Any], let itemData = try? JSONSerialization.data(withJSONObject: item) else {
                throw APIError(.badRequest, "invalid_email_data", "\(prefix.isEmpty ? "the message" : prefix) must be a JSON object")
            }
            let message: EmailMessage
            do {
                message = try decoder.decode(EmailMessage.self, from: itemData)
            } catch let error as DecodingError {
                throw APIError(.badRequest, "invalid_email_data", Self.describe(error, prefix: prefix))
            } catch {
                throw APIError(.badRequest, "invalid_email_data", "\(prefix): \(error)")
            }
            try Self.validate(message, prefix: prefix)
            messages.append(message)
        }
        self.messages = messages
        self.priority = priority
        self.isBatch = !(items.count == 1 && !(root is [Any]) && (root as? [String: Any])?["messages"] == nil)
    }

    /// One raw RFC 5322 message.
    package init(mime bytes: [UInt8], priority: Int, receivedAt: Date) throws(APIError) {
        var message: EmailMessage
        do {
            message = try EmailMessage(mime: bytes, fallbackMessageId: Self.contentId(bytes), fallbackDate: receivedAt)
        } catch {
            throw APIError(.badRequest, error.code, "the message could not be parsed: \(error.message)")
        }
        // Mail clients drop NUL bytes from what they display; PostgreSQL cannot store them in text.
        message.subject = Self.withoutNUL(message.subject)
        message.text = Self.withoutNUL(message.text)
        message.html = message.html.map(Self.withoutNUL)
        message.from.name = message.from.name.map(Self.withoutNUL)
        try Self.validate(message, prefix: "")
        messages = [message]
        self.priority = priority
        isBatch = false
    }

    /// An id for a message without a Message-ID header: the same bytes always get the same id.
    static func contentId(_ bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func validate(_ message: EmailMessage, prefix: String) throws(APIError) {
        func field(_ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }
        guard message.version == 1 else { throw APIError(.badRequest, "invalid_email_data", "\(field("version")): only version 1 is supported") }
        let id = message.messageId.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !id.isEmpty, id.utf8.count <= maximumMessageIdLength else {
            throw APIError(.badRequest, "invalid_email_data", "\(field("message_id")): must be 1 to \(maximumMessageIdLength) characters")
        }
        guard isAddress(message.from.email) else {
            throw APIError(.badRequest, "invalid_email_data", "\(field("from.email")): not an email address: \(message.from.email.prefix(80))")
        }
        for (index, address) in message.to.enumerated() where !isAddress(address.email) {
            throw APIError(.badRequest, "invalid_email_data", "\(field("to[\(index)].email")): not an email address")
        }
        // PostgreSQL text cannot hold NUL: refuse it where it is, rather than fail at the database.
        let fields: [(String, String?)] = [
            ("message_id", message.messageId), ("thread_id", message.threadId), ("from.email", message.from.email),
            ("from.name", message.from.name), ("subject", message.subject), ("text", message.text), ("html", message.html),
        ]
        for (name, value) in fields where value?.contains("\u{0}") == true {
            throw APIError(.badRequest, "invalid_email_data", "\(field(name)): must not contain NUL characters")
        }
        for (index, address) in (message.to + message.cc).enumerated() where address.email.contains("\u{0}") || address.name?.contains("\u{0}") == true {
            throw APIError(.badRequest, "invalid_email_data", "\(field(index < message.to.count ? "to[\(index)]" : "cc[\(index - message.to.count)]")): must not contain NUL characters")
        }
        guard message.text.utf8.count <= maximumTextLength, (message.html?.utf8.count ?? 0) <= maximumTextLength else {
            throw APIError(.contentTooLarge, "message_too_large", "\(field("text")): bodies are limited to \(maximumTextLength) bytes")
        }
    }

    static func withoutNUL(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "") : text
    }

    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && text.utf8.count <= 320 && !text.contains(" ")
    }

    /// `messages[3].from.email: is required` from a decoding error's coding path.
    static func describe(_ error: DecodingError, prefix: String) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = prefix
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text.isEmpty ? "message" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): is required"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): must be \(Self.typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): must be \(Self.typeName(type)), not null"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "invalid message"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        default: "\(type)".contains("Array") ? "an array" : "an object"
        }
    }
}
