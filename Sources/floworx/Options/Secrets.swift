import Foundation
import FloWorxStore
import Logging

/// The secrets FloWorx needs, read from the environment only (never from flags, which `ps` shows).
///
/// On the embedded database (a developer's machine) missing secrets are generated once and kept next to the data
/// directory in a 0600 file, so `floworx serve` works on a fresh clone; with `DATABASE_URL` they must be set.
struct Secrets {
    var jwtSecret: String
    var encryptionKeys: String

    static let jwtName = "JWT_SECRET"
    static let encryptionName = "FLOWORX_ENCRYPTION_KEY"

    /// The secrets from the environment, completed on the embedded database from `<data-dir>.secrets.env`, which is
    /// created only when `create` is true (`serve`, `worker`): a command that reads an existing installation must not
    /// invent secrets that do not match the running server's.
    static func resolve(embeddedDataDirectory: String?, create: Bool = true, logger: Logger) throws -> Secrets {
        var values: [String: String] = [:]
        for name in [jwtName, encryptionName] { values[name] = Environment.get(name) }
        let missing = [jwtName, encryptionName].filter { values[$0] == nil }
        if !missing.isEmpty {
            guard let dataDirectory = embeddedDataDirectory else {
                throw ConfigurationError("\(missing.joined(separator: " and ")) must be set when DATABASE_URL is used (e.g. export \(jwtName)=$(openssl rand -hex 32) \(encryptionName)=$(openssl rand -base64 32))")
            }
            let stored = try developmentSecrets(next: dataDirectory, create: create, logger: logger)
            for name in missing { values[name] = stored[name] }
        }
        return Secrets(jwtSecret: values[jwtName]!, encryptionKeys: values[encryptionName]!)
    }

    /// Reads (or creates) `<data-dir>.secrets.env` beside the embedded cluster.
    private static func developmentSecrets(next dataDirectory: String, create: Bool, logger: Logger) throws -> [String: String] {
        let path = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path + ".secrets.env"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            var values: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let pair = line.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { values[pair[0]] = pair[1] }
            }
            if values[jwtName] != nil && values[encryptionName] != nil { return values }
        }
        guard create else {
            throw ConfigurationError("no development secrets in \(path): set \(jwtName) and \(encryptionName) in the environment as for the running `floworx serve`")
        }
        var generator = SystemRandomNumberGenerator()
        let jwt = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let key = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
        let values = [jwtName: jwt, encryptionName: "dev1:\(key)"]
        let text = values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n") + "\n"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError("cannot write development secrets to \(path)")
        }
        logger.warning("generated development secrets for the embedded database; set JWT_SECRET and FLOWORX_ENCRYPTION_KEY in production", metadata: ["file": "\(path)"])
        return values
    }
}
