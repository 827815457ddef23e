import FloWorxCore
import FloWorxStore
import Foundation
import HummingbirdBcrypt
import Logging
import PostgresNIO

/// Demo clients for a new embedded database: the three clients of the test mailbox (an HVAC company, a pool & spa
/// company and a roofer), each with a sign-in and a few dozen of its emails queued, so that a first `floworx serve`
/// shows the product working.
enum DemoData {
    /// Everyone can read it in the README: this is a local demo, not an account.
    static let password = "floworx-demo"
    /// Emails queued per demo client.
    static let messagesPerClient = 25

    /// The mailbox in the source tree; a binary moved elsewhere simply has no demo data.
    static let mailbox = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Mailbox")

    /// Loads the demo clients and their emails if the database has no client yet.
    static func loadIfEmpty(into info: DatabaseConnectionInfo, logger: Logger) async throws {
        guard FileManager.default.fileExists(atPath: mailbox.appendingPathComponent("clients").path) else {
            logger.info("no demo data next to this binary (\(mailbox.path)); starting empty")
            return
        }
        try await Database.withPool(info, connections: 2, logger: logger) { pool in
            let database = pool.service
            let existing = try await database.query("SELECT count(*)::int FROM public.profiles").collect().first?.decode(Int.self) ?? 0
            guard existing == 0 else { return }
            let hash = Bcrypt.hash(password, cost: 10)
            let decoder = JSONCoding.decoder()
            let seeder = ClientSeeder(database: database)
            let ingest = EmailIngestRepository(database: database)
            var accounts: [String] = []
            for name in ["hvac", "pools", "roofing"] {
                let setup = try decoder.decode(ClientSetup.self, from: Data(contentsOf: mailbox.appendingPathComponent("clients/\(name).json")))
                let email = "\(name)@demo.floworx.dev"
                let id = try await seeder.create(email: email, passwordHash: hash, setup: setup)
                let folder = mailbox.appendingPathComponent("messages/\(name)")
                let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted().prefix(messagesPerClient)
                let emails = try files.map { file -> NewEmail in
                    let message = try decoder.decode(EmailMessage.self, from: Data(contentsOf: folder.appendingPathComponent(file)))
                    return NewEmail(
                        clientId: id, messageId: message.messageId, fromEmail: message.from.email, toEmail: message.to.first?.email ?? "",
                        subject: message.subject, body: message.text, emailDataJSON: String(decoding: try JSONCoding.encoder().encode(message), as: UTF8.self)
                    )
                }
                _ = try await ingest.ingest(emails)
                accounts.append(email)
            }
            logger.notice("demo data loaded: sign in as \(accounts.joined(separator: ", ")) with password \(password)")
        }
    }
}
