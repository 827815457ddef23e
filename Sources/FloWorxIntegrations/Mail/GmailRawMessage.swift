import Foundation

/// `messages.get?format=raw`: the RFC 5322 bytes (decoded from Gmail's base64url `raw`) with the message's ids.
public struct GmailRawMessage: Sendable, Hashable, Codable {
    public var id: String
    public var threadId: String
    public var labelIds: [String]
    /// uint64 as a decimal string.
    public var historyId: String?
    /// Milliseconds since 1970 when Gmail received the message, as a decimal string.
    public var internalDate: String?
    public var sizeEstimate: Int?
    /// The message, decoded.
    public var raw: Data

    public init(id: String, threadId: String, labelIds: [String] = [], historyId: String? = nil, internalDate: String? = nil,
                sizeEstimate: Int? = nil, raw: Data) {
        self.id = id
        self.threadId = threadId
        self.labelIds = labelIds
        self.historyId = historyId
        self.internalDate = internalDate
        self.sizeEstimate = sizeEstimate
        self.raw = raw
    }

    /// When Gmail received the message (`internalDate`).
    public var receivedAt: Date? {
        internalDate.flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1000) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        threadId = try container.decode(String.self, forKey: .threadId)
        labelIds = try container.decodeIfPresent([String].self, forKey: .labelIds) ?? []
        historyId = try container.decodeGoogleInt64IfPresent(forKey: .historyId)
        internalDate = try container.decodeGoogleInt64IfPresent(forKey: .internalDate)
        sizeEstimate = try container.decodeIfPresent(Int.self, forKey: .sizeEstimate)
        let text = try container.decode(String.self, forKey: .raw)
        guard let data = Base64URL.decode(text) else {
            throw DecodingError.dataCorruptedError(forKey: .raw, in: container, debugDescription: "raw is not base64url")
        }
        raw = data
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(threadId, forKey: .threadId)
        try container.encode(labelIds, forKey: .labelIds)
        try container.encodeIfPresent(historyId, forKey: .historyId)
        try container.encodeIfPresent(internalDate, forKey: .internalDate)
        try container.encodeIfPresent(sizeEstimate, forKey: .sizeEstimate)
        try container.encode(Base64URL.encode(raw), forKey: .raw)
    }

    enum CodingKeys: String, CodingKey {
        case id, threadId, labelIds, historyId, internalDate, sizeEstimate, raw
    }
}
