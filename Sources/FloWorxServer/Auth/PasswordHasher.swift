import HummingbirdBcrypt
import NIOPosix

/// bcrypt on NIO's blocking thread pool, so hashing never stalls an event loop.
struct PasswordHasher: Sendable {
    /// bcrypt cost; GoTrue uses 10.
    var cost: UInt8 = 10

    /// A hash of `password`.
    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`; with no hash, spends the same time and answers false (no user enumeration by timing).
    func verify(_ password: String, hash: String?) async throws -> Bool {
        let stored = hash ?? Self.decoy
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: stored) }
        return hash != nil && matches
    }

    /// A bcrypt hash of a random string, cost 10, to compare against when the user does not exist.
    static let decoy = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.bD1CK6YYvIV1lW7c0xTwPVlYQ1hW"
}
