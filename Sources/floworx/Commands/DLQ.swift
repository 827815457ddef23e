import ArgumentParser
import FloWorxCore
import FloWorxStore
import Foundation
import Logging
import PostgresNIO

/// `floworx dlq …`: emails that failed every attempt, and putting them back once the cause is fixed.
struct DLQ: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "List and replay dead letters (emails that failed every attempt).",
        subcommands: [List.self, Replay.self, Abandon.self]
    )

    /// Runs `body` with a dead-letter repository on a small pool.
    static func withRepository<Result: Sendable>(_ database: DatabaseOptions, _ body: @escaping @Sendable (DeadLetterRepository) async throws -> Result) async throws -> Result {
        let logger = try database.makeLogger()
        return try await database.withDatabase(logger: logger) { launcher in
            try await Migrations.requireCurrent(launcher.connection, logger: logger)
            return try await Database.withPool(launcher.connection, connections: 2, logger: logger) { database in
                try await body(DeadLetterRepository(database: database.service))
            }
        }
    }

    /// `floworx dlq list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead letters.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Statuses to show, comma separated: pending, processing, resolved, abandoned (default pending).")
        var status = "pending"

        @Option(help: "At most this many (1 to 10000).")
        var limit = 100

        static let statuses = ["pending", "processing", "resolved", "abandoned"]

        func validate() throws {
            _ = try Setting.check(limit, name: "--limit", range: 1...10_000)
            for name in status.split(separator: ",") {
                _ = try Setting.choice(name.trimmingCharacters(in: .whitespaces), name: "--status", among: Self.statuses)
            }
        }

        func run() async throws {
            let statuses = status.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces).lowercased() }
            let letters = try await DLQ.withRepository(database) { try await $0.list(statuses: statuses, limit: limit) }
            if letters.isEmpty {
                print("no dead letters with status \(statuses.joined(separator: ", "))")
                return
            }
            for letter in letters {
                let created = ISO8601DateFormatter().string(from: letter.createdAt)
                print("\(letter.id.uuidString.lowercased())  \(letter.status)  attempts=\(letter.retryCount)  \(created)  client=\(letter.clientId?.uuidString.lowercased() ?? "-")  \(letter.errorMessage.prefix(120))")
            }
        }
    }

    /// `floworx dlq replay ID` / `floworx dlq replay --all`.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put dead letters back on the queue.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The dead letter to replay.")
        var id: String?

        @Flag(help: "Replay every pending dead letter.")
        var all = false

        func validate() throws {
            guard all != (id != nil) else { throw ValidationError("give either a dead letter id or --all") }
            if let id, UUID(uuidString: id) == nil { throw ValidationError("\(id) is not a UUID") }
        }

        func run() async throws {
            let target = id.flatMap(UUID.init(uuidString:))
            let results = try await DLQ.withRepository(database) { repository in
                if let target { return [(target, try await repository.replay(target))] }
                return try await repository.replayAll()
            }
            var failures = 0
            for (letter, outcome) in results {
                switch outcome {
                case .queued(let queueId):
                    print("replayed \(letter.uuidString.lowercased()) as job \(queueId.uuidString.lowercased())")
                case .notFound:
                    failures += 1
                    print("no dead letter \(letter.uuidString.lowercased())")
                case .notReplayable(let status):
                    failures += 1
                    print("dead letter \(letter.uuidString.lowercased()) is \(status); only pending or abandoned ones can be replayed")
                case .clientGone:
                    failures += 1
                    print("dead letter \(letter.uuidString.lowercased()) belongs to a client that no longer exists")
                }
            }
            if all && results.isEmpty { print("no pending dead letters") }
            if failures > 0 { throw ExitCode(1) }
        }
    }

    /// `floworx dlq abandon ID`.
    struct Abandon: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a pending dead letter abandoned (replay --all skips it).")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The dead letter.")
        var id: String

        func run() async throws {
            guard let target = UUID(uuidString: id) else { throw ValidationError("\(id) is not a UUID") }
            let done = try await DLQ.withRepository(database) { try await $0.abandon(target) }
            print(done ? "abandoned \(id)" : "no pending dead letter \(id)")
            if !done { throw ExitCode(1) }
        }
    }
}
