import ArgumentParser
import FloWorxStore
import Foundation

extension Clients {
    /// `floworx clients export ID [--output FILE]`: everything a business owns, as one JSON document.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write everything a business owns as one JSON document (data portability).",
            discussion: """
                One consistent snapshot: the account (without its password hash), profile, hours, styles, rules, \
                notification settings, email logs with their AI responses, events, metrics, errors, dead letters, \
                queued emails, workflows and their metrics, subscriptions and invoices, mailboxes (without tokens or \
                push secrets), notifications, corrections and billing records, under "tables" keyed by table name. \
                Credentials are never exported; sessions, rate-limit state and OAuth round trips in flight are left \
                out. A summary of rows per table goes to standard error.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The business (client) id.")
        var id: String

        @Option(help: "Write to this file instead of standard output (created with mode 0600; refused if it exists).")
        var output: String?

        func run() async throws {
            guard let clientId = UUID(uuidString: id) else { throw ValidationError("\(id) is not a client id (a UUID)") }
            let handle = try Self.open(output)
            let logger = try database.makeLogger()
            let counts: [(table: String, rows: Int)] = try await database.withDatabase(logger: logger) { launcher in
                try await Migrations.requireCurrent(launcher.connection, logger: logger)
                return try await Database.withPool(launcher.connection, connections: 2, logger: logger) { pool in
                    let repository = ClientDataRepository(database: pool.service)
                    guard try await repository.business(clientId).exists else {
                        throw ValidationError("no business \(clientId.uuidString.lowercased())")
                    }
                    return try await repository.export(clientId) { text in try handle.write(contentsOf: Data(text.utf8)) }
                }
            }
            try handle.close()
            let total = counts.reduce(0) { $0 + $1.rows }
            let lines = counts.filter { $0.rows > 0 }.map { "  \($0.table): \($0.rows)" }
            FileHandle.standardError.write(Data((["exported \(total) rows of \(clientId.uuidString.lowercased())" + (output.map { " to \($0)" } ?? "")] + lines).joined(separator: "\n").utf8 + Data("\n".utf8)))
        }

        /// Standard output, or a new file only its owner can read (an export holds customers' mail).
        static func open(_ path: String?) throws -> FileHandle {
            guard let path else { return FileHandle.standardOutput }
            guard !FileManager.default.fileExists(atPath: path) else { throw ValidationError("\(path) exists already; an export never overwrites a file") }
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                  !path.isEmpty, let handle = FileHandle(forWritingAtPath: path) else {
                throw ValidationError("cannot create \(path)")
            }
            return handle
        }
    }
}
