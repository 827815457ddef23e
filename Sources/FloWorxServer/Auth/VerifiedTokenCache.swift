import Foundation
import Synchronization

/// Tokens already verified, until they expire: verifying an HS256 token and decoding its claims on every request
/// is work the same token needs only once. Bounded: when full it starts over (tokens are cheap to verify again).
final class VerifiedTokenCache: Sendable {
    /// The most tokens remembered.
    static let capacity = 10_000
    /// How long a token without `exp` (an API key) is remembered.
    static let lifetimeWithoutExpiry: TimeInterval = 300

    private let entries = Mutex<[String: (verified: TokenService.Verified, until: Date)]>([:])

    func lookup(_ token: String, now: Date = Date()) -> TokenService.Verified? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard entry.until > now else {
                entries[token] = nil
                return nil
            }
            return entry.verified
        }
    }

    func store(_ token: String, _ verified: TokenService.Verified, now: Date = Date()) {
        let until = verified.expiresAt ?? now.addingTimeInterval(Self.lifetimeWithoutExpiry)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = (verified, until)
        }
    }
}
