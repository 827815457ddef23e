import FloWorxCore
import FloWorxStore
import Foundation

/// The test mailbox in Tests/Mailbox: three clients and 200+ messages with what should happen to each.
struct Mailbox {
    struct Expectation: Decodable {
        var client: String
        var file: String
        var category: String
        var subcategory: String?
        var escalated: Bool
        var draft: Bool
        var prefilter: String
        var entities: [String: String]?
    }

    struct Item {
        var expectation: Expectation
        var message: EmailMessage
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Mailbox")

    let clients: [String: ClientSetup]
    let items: [Item]

    static func load() throws -> Mailbox {
        let decoder = JSONCoding.decoder()
        var clients: [String: ClientSetup] = [:]
        for name in ["hvac", "pools", "roofing"] {
            let data = try Data(contentsOf: directory.appendingPathComponent("clients/\(name).json"))
            clients[name] = try decoder.decode(ClientSetup.self, from: data)
        }
        let expectations = try decoder.decode([Expectation].self, from: Data(contentsOf: directory.appendingPathComponent("expectations.json")))
        let items = try expectations.map { expectation in
            let data = try Data(contentsOf: directory.appendingPathComponent(expectation.file))
            let message: EmailMessage
            if expectation.file.hasSuffix(".eml") {
                message = try EmailMessage(mime: Array(data), fallbackMessageId: expectation.file, fallbackDate: Date(timeIntervalSince1970: 0))
            } else {
                message = try decoder.decode(EmailMessage.self, from: data)
            }
            return Item(expectation: expectation, message: message)
        }
        return Mailbox(clients: clients, items: items)
    }

    /// The message as ingestion queues it.
    static func newEmail(_ message: EmailMessage, client: UUID, messageId: String? = nil) throws -> NewEmail {
        var message = message
        if let messageId { message.messageId = messageId }
        return NewEmail(
            clientId: client, messageId: message.messageId, fromEmail: message.from.email,
            toEmail: message.to.first?.email ?? "", subject: message.subject, body: message.text,
            emailDataJSON: String(decoding: try JSONCoding.encoder().encode(message), as: UTF8.self)
        )
    }
}
