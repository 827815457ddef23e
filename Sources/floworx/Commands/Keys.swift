import ArgumentParser
import FloWorxServer
import FloWorxStore
import Foundation
import PostgresNIO

/// `floworx keys …`: API keys and the credentials encryption key.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "API keys and credentials encryption keys.", subcommands: [Show.self, Rotate.self])

    /// `floworx keys show`: the anon and service API keys for JWT_SECRET.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the anon and service_role API keys derived from JWT_SECRET.")

        @OptionGroup var database: DatabaseOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let logger = try database.makeLogger()
            // The keys depend on JWT_SECRET only: with it set, no installation is needed. Without it they come from
            // the embedded installation's secrets, which this command reads but never creates.
            let secret: String
            if let fromEnvironment = Environment.get(Secrets.jwtName) {
                secret = fromEnvironment
            } else {
                try database.requireInstallation()
                secret = try Secrets.resolve(embeddedDataDirectory: database.url == nil ? database.embedded.dataDirectory : nil, create: false, logger: logger).jwtSecret
            }
            let tokens = try await TokenService.make(secret: secret)
            if json {
                let data = try JSONSerialization.data(withJSONObject: ["anon_key": tokens.anonKey, "service_role_key": tokens.serviceKey], options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print("anon key:         \(tokens.anonKey)")
                print("service_role key: \(tokens.serviceKey)")
            }
        }
    }

    /// `floworx keys rotate`: re-encrypt stored credentials with the first key of FLOWORX_ENCRYPTION_KEY.
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-encrypt every stored credential with the current (first) key of FLOWORX_ENCRYPTION_KEY.",
            discussion: "Put the new key first and keep the old ones after it (kid:key,kid:key) until this has run."
        )

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = try database.makeLogger()
            try await database.withDatabase(logger: logger) { launcher in
                let secrets = try Secrets.resolve(embeddedDataDirectory: launcher.embedded?.dataDirectory, create: false, logger: logger)
                let cipher = try CredentialCipher(keyring: secrets.encryptionKeys)
                try await Migrations.requireCurrent(launcher.connection, logger: logger)
                let count = try await Database.withPool(launcher.connection, connections: 2, logger: logger) { database in
                    try await CredentialsRepository(database: database.service, cipher: cipher).rotate()
                }
                print("re-encrypted \(count) credential\(count == 1 ? "" : "s") with key \(cipher.current.id)")
            }
        }
    }
}
