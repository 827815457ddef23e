import Foundation

/// Twilio's Message resource, as the Messages API returns it (the fields FloWorx reads).
public struct TwilioMessage: Sendable, Hashable, Decodable {
    /// `SM` + 32 hex digits (`MM` for MMS): what status callbacks name as `MessageSid`.
    public var sid: String
    public var accountSid: String
    /// `queued`, `accepted`, `sending`, `sent`, `delivered`, `undelivered`, `failed`...
    public var status: String
    public var to: String
    public var from: String?
    public var messagingServiceSid: String?
    public var body: String?
    /// Segments billed (0 while a Messaging Service has not picked a sender yet).
    public var numSegments: Int?
    /// Set when the message failed or was not delivered (e.g. 30003 unreachable handset).
    public var errorCode: Int?
    public var errorMessage: String?
    /// RFC 2822, e.g. `Sat, 05 Dec 2026 10:00:00 +0000`.
    public var dateCreated: String?
    public var direction: String?
    public var apiVersion: String?
    public var uri: String?

    enum CodingKeys: String, CodingKey {
        case sid, status, to, from, body, direction, uri
        case accountSid = "account_sid", messagingServiceSid = "messaging_service_sid", numSegments = "num_segments"
        case errorCode = "error_code", errorMessage = "error_message", dateCreated = "date_created", apiVersion = "api_version"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sid = try c.decode(String.self, forKey: .sid)
        accountSid = try c.decode(String.self, forKey: .accountSid)
        status = try c.decode(String.self, forKey: .status)
        to = try c.decode(String.self, forKey: .to)
        from = try c.decodeIfPresent(String.self, forKey: .from)
        messagingServiceSid = try c.decodeIfPresent(String.self, forKey: .messagingServiceSid)
        body = try c.decodeIfPresent(String.self, forKey: .body)
        // Twilio sends num_segments as a string ("1") and error_code as a number; accept either form for both.
        numSegments = Self.flexibleInt(c, .numSegments)
        errorCode = Self.flexibleInt(c, .errorCode)
        errorMessage = try c.decodeIfPresent(String.self, forKey: .errorMessage)
        dateCreated = try c.decodeIfPresent(String.self, forKey: .dateCreated)
        direction = try c.decodeIfPresent(String.self, forKey: .direction)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        uri = try c.decodeIfPresent(String.self, forKey: .uri)
    }

    static func flexibleInt(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) -> Int? {
        if let number = try? c.decodeIfPresent(Int.self, forKey: key) { return number }
        if let text = try? c.decodeIfPresent(String.self, forKey: key) { return Int(text) }
        return nil
    }
}

/// Twilio's error body: `{"code": 21211, "message": "...", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}`.
struct TwilioErrorBody: Decodable {
    var code: Int?
    var message: String?
    var moreInfo: String?
    var status: Int?

    enum CodingKeys: String, CodingKey {
        case code, message, status
        case moreInfo = "more_info"
    }
}
