import Foundation

/// `users.watch`'s answer: the history id at the time of the call and when Gmail stops pushing (renew before).
public struct GmailWatch: Sendable, Hashable, Codable {
    /// uint64 as a decimal string.
    public var historyId: String
    /// Milliseconds since 1970, as a decimal string.
    public var expiration: String

    public init(historyId: String, expiration: String) {
        self.historyId = historyId
        self.expiration = expiration
    }

    /// When the watch lapses.
    public var expiresAt: Date? {
        Double(expiration).map { Date(timeIntervalSince1970: $0 / 1000) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        historyId = try container.decodeGoogleInt64(forKey: .historyId)
        expiration = try container.decodeGoogleInt64(forKey: .expiration)
    }
}
