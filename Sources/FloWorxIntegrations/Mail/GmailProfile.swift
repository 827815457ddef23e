import Foundation

/// `users.getProfile`: the mailbox's address and current history id (the sync checkpoint to start from).
public struct GmailProfile: Sendable, Hashable, Codable {
    public var emailAddress: String
    /// uint64 as a decimal string, as Google sends it.
    public var historyId: String
    public var messagesTotal: Int?
    public var threadsTotal: Int?

    public init(emailAddress: String, historyId: String, messagesTotal: Int? = nil, threadsTotal: Int? = nil) {
        self.emailAddress = emailAddress
        self.historyId = historyId
        self.messagesTotal = messagesTotal
        self.threadsTotal = threadsTotal
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        emailAddress = try container.decode(String.self, forKey: .emailAddress)
        historyId = try container.decodeGoogleInt64(forKey: .historyId)
        messagesTotal = try container.decodeIfPresent(Int.self, forKey: .messagesTotal)
        threadsTotal = try container.decodeIfPresent(Int.self, forKey: .threadsTotal)
    }
}

extension KeyedDecodingContainer {
    /// Google sends int64/uint64 fields as JSON strings (discovery `format: int64`); a number is accepted too.
    func decodeGoogleInt64(forKey key: Key) throws -> String {
        guard let value = try decodeGoogleInt64IfPresent(forKey: key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return value
    }

    func decodeGoogleInt64IfPresent(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) { return text }
        return String(try decode(UInt64.self, forKey: key))
    }
}
