import ArgumentParser
import FloWorxServer
import FloWorxStore
import Foundation

extension Clients {
    /// `floworx clients delete ID --yes`: the business and everything it owns, gone, with a report.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a business and everything it owns, after disconnecting its mailboxes at their providers.",
            discussion: """
                Without --yes nothing is changed: the rows that would be deleted are counted and listed. With --yes, \
                each connected mailbox is disconnected first (Gmail push stopped and the grant revoked at Google, the \
                Graph subscription deleted), then every row of the business is deleted in one transaction, children \
                before parents, its account and sessions included; the transaction is undone if any row of it would \
                be left. A business with a subscription that still bills (active, trialing, past_due) is refused \
                unless --even-if-subscribed: cancel it at Stripe first. Export first (floworx clients export) if the \
                data is to be kept.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The business (client) id.")
        var id: String

        @Flag(help: "Really delete (without it: only count what would be deleted).")
        var yes = false

        @Flag(help: "Delete even though a subscription still bills.")
        var evenIfSubscribed = false

        @Flag(help: "Print the report as JSON.")
        var json = false

        func run() async throws {
            guard let clientId = UUID(uuidString: id) else { throw ValidationError("\(id) is not a client id (a UUID)") }
            let logger = try database.makeLogger()
            let (commit, evenIfSubscribed) = (yes, self.evenIfSubscribed)
            let mailbox = try MailboxSettings.fromEnvironment(publicURL: Environment.get("FLOWORX_PUBLIC_URL"))
            let report: Report = try await database.withDatabase(logger: logger) { launcher in
                try await Migrations.requireCurrent(launcher.connection, logger: logger)
                let secrets = try? Secrets.resolve(embeddedDataDirectory: launcher.embedded?.dataDirectory, create: false, logger: logger)
                return try await Database.withPool(launcher.connection, connections: 2, logger: logger) { pool in
                    let repository = ClientDataRepository(database: pool.service)
                    let business = try await repository.business(clientId)
                    guard business.exists else { throw ValidationError("no business \(clientId.uuidString.lowercased())") }
                    if !business.billingSubscriptions.isEmpty && !evenIfSubscribed {
                        throw ValidationError("the business still has a subscription that bills: \(business.billingSubscriptions.joined(separator: ", ")); cancel it at Stripe first, or pass --even-if-subscribed")
                    }
                    var report = Report(clientId: clientId.uuidString.lowercased(), deleted: commit)
                    if commit {
                        let cipher = try secrets.map { try CredentialCipher(keyring: $0.encryptionKeys) }
                        for integration in try await repository.integrations(clientId) {
                            guard let cipher else {
                                report.mailboxes.append(.init(provider: integration.provider, integrationId: integration.id.uuidString.lowercased(), revokedAtProvider: false,
                                                              note: "no encryption key to read its tokens; they are deleted with the data"))
                                continue
                            }
                            let credentials = CredentialsRepository(database: pool.service, cipher: cipher)
                            let revocation = MailboxRevocation(configuration: mailbox.server, credentials: credentials, mailboxes: MailboxRepository(database: pool.service))
                            let revoked = await revocation.revoke(integration, logger: logger)
                            report.mailboxes.append(.init(provider: integration.provider, integrationId: integration.id.uuidString.lowercased(), revokedAtProvider: revoked,
                                                          note: revoked ? "revoked at the provider" : "push stopped where there was one; tokens deleted"))
                        }
                    }
                    report.tables = try await repository.delete(clientId, commit: commit).map { .init(table: $0.table, rows: $0.rows) }
                    return report
                }
            }
            print(json ? try report.json() : report.text)
            if !commit { throw ExitCode(1) }
        }

        /// What was (or would be) removed.
        struct Report: Sendable, Encodable {
            struct Table: Sendable, Encodable {
                var table: String
                var rows: Int
            }
            struct Mailbox: Sendable, Encodable {
                var provider: String
                var integrationId: String
                var revokedAtProvider: Bool
                var note: String
            }
            var clientId: String
            var deleted: Bool
            var mailboxes: [Mailbox] = []
            var tables: [Table] = []

            var text: String {
                let total = tables.reduce(0) { $0 + $1.rows }
                let id = clientId
                var lines = [deleted ? "deleted business \(id): \(total) rows" : "would delete business \(id): \(total) rows (nothing changed; pass --yes to delete)"]
                lines += mailboxes.map { "  mailbox \($0.provider) \($0.integrationId): \($0.note)" }
                lines += tables.map { "  \($0.table): \($0.rows)" }
                return lines.joined(separator: "\n")
            }

            func json() throws -> String {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.sortedKeys]
                return String(decoding: try encoder.encode(self), as: UTF8.self)
            }
        }
    }
}
