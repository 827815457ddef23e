import ArgumentParser
import FloWorxCore
import FloWorxStore
import Foundation
import Logging

/// `floworx clients …`: the operator's side of businesses.
struct Clients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients",
        abstract: "Create businesses from a setup document; export or delete everything a business owns.",
        subcommands: [Add.self, Export.self, Delete.self]
    )

    /// `floworx clients add FILE.json [--email ADDRESS] [--dry-run]`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a business from a setup document (the ClientSetup JSON of POST /api/v1/onboarding) and print its id.",
            discussion: """
                Creates the business's account (no password: the owner cannot sign in with one until it is set), its
                profile, business hours in its one time zone, its communication style (the document's, or one suited
                to its industry) and the document's escalation rules, next to the safety defaults every business
                gets, in one transaction. Every problem in the document is listed by its path; then nothing is written.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The setup document (JSON); - reads standard input.")
        var file: String

        @Option(help: "The account's email address (default: client_config.contact.email, else the first manager's).")
        var email: String?

        @Flag(help: "Only check the document; write nothing.")
        var dryRun = false

        func run() async throws {
            let data: Data
            do {
                data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            guard data.count <= OnboardingDocument.maximumBytes else {
                throw ValidationError("\(file) is larger than \(OnboardingDocument.maximumBytes) bytes; a setup document is a few kilobytes")
            }
            let logger = try database.makeLogger()
            let dryRun = self.dryRun, given = email, file = self.file
            let outcome: Outcome = try await database.withDatabase(logger: logger) { launcher in
                try await Migrations.requireCurrent(launcher.connection, logger: logger)
                return try await Database.withPool(launcher.connection, connections: 2, logger: logger) { pool in
                    let repository = OnboardingRepository(database: pool)
                    do {
                        let document = try await repository.validate(data)
                        let address = given ?? document.setup.clientConfig.contact?.email ?? document.setup.managers.first?.email
                        guard let address else {
                            return .refused(.invalid([OnboardingProblem(path: "email", message: "is required: pass --email, or give client_config.contact.email")]))
                        }
                        if let problem = OnboardingRepository.accountEmailProblem(address) { return .refused(.invalid([problem])) }
                        if dryRun { return .checked(document, address) }
                        return .created(try await repository.create(document, email: address, passwordHash: nil), address)
                    } catch let error as OnboardingError {
                        return .refused(error)
                    }
                }
            }
            switch outcome {
            case .checked(let document, let address):
                print("\(file): valid; would create \(document.setup.clientConfig.business?.name ?? "the business") (\(address)) in \(document.timezone), \(document.setup.escalationRules.count) rule(s) of its own")
            case .created(let result, let address):
                print(result.clientId.uuidString.lowercased())
                FileHandle.standardError.write(Data("created \(address) in \(result.timezone) with style \"\(result.styleName)\" and \(result.rules.count) escalation rule(s): \(result.rules.joined(separator: ", "))\n".utf8))
            case .refused(let error):
                FileHandle.standardError.write(Data((Self.describe(error, file: file) + "\n").utf8))
                throw ExitCode(1)
            }
        }

        /// What happened, carried out of the database closure.
        enum Outcome: Sendable {
            case checked(OnboardingDocument, String)
            case created(OnboardingResult, String)
            case refused(OnboardingError)
        }

        /// A refusal as an operator reads it: one problem per line, each with its path.
        static func describe(_ error: OnboardingError, file: String) -> String {
            switch error {
            case .invalid(let problems):
                let heading = problems.count == 1 ? "\(file): 1 problem; nothing was created" : "\(file): \(problems.count) problems; nothing was created"
                return ([heading] + problems.map { "  \($0.path): \($0.message)" }).joined(separator: "\n")
            case .emailTaken(let email):
                return "\(file): an account with the address \(email) exists already; nothing was created (pass another --email)"
            case .alreadyOnboarded(let id):
                return "\(file): client \(id.uuidString.lowercased()) is set up already"
            case .profileMissing(let id):
                return "\(file): client \(id.uuidString.lowercased()) has no profile"
            }
        }
    }
}
