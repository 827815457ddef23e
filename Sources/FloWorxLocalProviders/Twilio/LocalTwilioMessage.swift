import Foundation

/// One message the local Twilio server accepted, with its life so far.
public struct LocalTwilioMessage: Sendable, Hashable {
    public var sid: String
    public var accountSid: String
    public var to: String
    public var from: String?
    public var messagingServiceSid: String?
    public var body: String
    public var numSegments: Int
    /// `queued` (or `accepted` through a Messaging Service), then `sent`, then `delivered`, `undelivered` or `failed`.
    public var status: String
    public var errorCode: Int?
    public var errorMessage: String?
    public var statusCallback: String?
    public var dateCreated: Date
    public var dateUpdated: Date
    public var dateSent: Date?

    /// `/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json`.
    var uri: String { "/2010-04-01/Accounts/\(accountSid)/Messages/\(sid).json" }

    /// The resource as Twilio renders it (every field Twilio sends, in its types: `num_segments` and `num_media` as
    /// strings, `error_code` as a number or null, dates in RFC 2822).
    var json: [String: Any] {
        [
            "account_sid": accountSid, "api_version": "2010-04-01", "body": body,
            "date_created": Self.rfc2822(dateCreated), "date_updated": Self.rfc2822(dateUpdated),
            "date_sent": dateSent.map(Self.rfc2822) ?? NSNull(), "direction": "outbound-api",
            "error_code": errorCode ?? NSNull() as Any, "error_message": errorMessage ?? NSNull() as Any,
            "from": from ?? NSNull() as Any, "messaging_service_sid": messagingServiceSid ?? NSNull() as Any,
            "num_media": "0", "num_segments": String(numSegments), "price": NSNull(), "price_unit": "USD",
            "sid": sid, "status": status, "to": to, "uri": uri,
            "subresource_uris": ["media": "/2010-04-01/Accounts/\(accountSid)/Messages/\(sid)/Media.json",
                                 "feedback": "/2010-04-01/Accounts/\(accountSid)/Messages/\(sid)/Feedback.json"],
        ]
    }

    /// `Sat, 05 Dec 2026 10:00:00 +0000`.
    static func rfc2822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}

/// A status callback the local server POSTed, with the answer it got.
public struct LocalTwilioCallback: Sendable, Hashable {
    public var url: String
    /// The form fields sent, in order.
    public var parameters: [LocalTwilioParameter]
    /// The `X-Twilio-Signature` header sent.
    public var signature: String
    /// The receiver's HTTP status, `nil` when it did not answer.
    public var responseStatus: Int?

    /// A field's value.
    public func value(_ name: String) -> String? { parameters.first { $0.name == name }?.value }
}

/// One form field.
public struct LocalTwilioParameter: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What happens to messages to a number after they are sent (set with `LocalTwilioServer.setRecipient`).
public enum LocalTwilioRecipientBehavior: Sendable, Hashable {
    /// Delivered (the default).
    case deliver
    /// Sent, then `status` (`undelivered` or `failed`) with `errorCode` (30003 unreachable handset, 30005 unknown
    /// handset, 30006 landline...).
    case fail(status: String, errorCode: Int)
    /// Refused at creation with 21610 (the recipient replied STOP).
    case unsubscribed
}
