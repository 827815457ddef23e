import FloWorxCore
import FloWorxStore
import Foundation
import PostgresNIO

/// The three mailbox clients and their messages, loaded from Tests/Mailbox, as templates for synthetic load.
struct BenchMailbox {
    var clients: [UUID]
    /// (client index, message) pairs to cycle through.
    var messages: [(Int, EmailMessage)]

    static func directory() -> URL {
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return fromSource.appendingPathComponent("Tests/Mailbox")
    }

    /// Creates the clients (each call makes new ones, so runs do not share state) and loads the messages.
    static func load(into database: Database) async throws -> BenchMailbox {
        let directory = directory()
        let decoder = JSONCoding.decoder()
        let seeder = ClientSeeder(database: database.service)
        var clients: [UUID] = []
        var messages: [(Int, EmailMessage)] = []
        for (index, name) in ["hvac", "pools", "roofing"].enumerated() {
            let setup = try decoder.decode(ClientSetup.self, from: Data(contentsOf: directory.appendingPathComponent("clients/\(name).json")))
            clients.append(try await seeder.create(email: "\(name)-\(UUID().uuidString.prefix(8))@bench.test", passwordHash: nil, setup: setup))
            let folder = directory.appendingPathComponent("messages/\(name)")
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
                let data = try Data(contentsOf: folder.appendingPathComponent(file))
                if file.hasSuffix(".json") {
                    messages.append((index, try decoder.decode(EmailMessage.self, from: data)))
                } else if file.hasSuffix(".eml") {
                    messages.append((index, try EmailMessage(mime: Array(data), fallbackMessageId: file, fallbackDate: Date())))
                }
            }
        }
        return BenchMailbox(clients: clients, messages: messages)
    }

    /// The `n`th synthetic email: a mailbox message with a unique id, received now.
    func email(_ n: Int, run: String) throws -> NewEmail {
        let (client, template) = messages[n % messages.count]
        var message = template
        message.messageId = "bench-\(run)-\(n)"
        message.receivedAt = Date()
        return NewEmail(
            clientId: clients[client], messageId: message.messageId, fromEmail: message.from.email,
            toEmail: message.to.first?.email ?? "", subject: message.subject, body: message.text,
            emailDataJSON: String(decoding: try JSONCoding.encoder().encode(message), as: UTF8.self)
        )
    }
}
