/// A delivery status report Twilio POSTs to a message's `StatusCallback` URL (form fields `MessageSid`,
/// `MessageStatus`, `AccountSid`, `From`, `To`, `ErrorCode` when it failed...).
public struct TwilioStatusCallback: Sendable, Hashable {
    public var messageSid: String
    /// `queued`, `sending`, `sent`, `delivered`, `undelivered`, `failed`, `read`...
    public var status: String
    public var accountSid: String?
    public var errorCode: Int?
    public var to: String?
    public var from: String?

    public init(messageSid: String, status: String, accountSid: String? = nil, errorCode: Int? = nil, to: String? = nil, from: String? = nil) {
        self.messageSid = messageSid
        self.status = status
        self.accountSid = accountSid
        self.errorCode = errorCode
        self.to = to
        self.from = from
    }

    /// The report in a callback's form fields; `nil` without a well-formed `MessageSid` and a `MessageStatus`.
    /// (`SmsSid`/`SmsStatus` are the older names Twilio still sends alongside.)
    public init?(parameters: [(name: String, value: String)]) {
        func field(_ name: String) -> String? { parameters.first { $0.name == name }?.value }
        guard let sid = field("MessageSid") ?? field("SmsSid"), (2...64).contains(sid.count), sid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              let status = field("MessageStatus") ?? field("SmsStatus"), (1...40).contains(status.count),
              status.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_") }) else { return nil }
        self.messageSid = sid
        self.status = status.lowercased()
        self.accountSid = field("AccountSid")
        self.errorCode = field("ErrorCode").flatMap { Int($0) }
        self.to = field("To")
        self.from = field("From")
    }

    /// Whether this status is final and unsuccessful (`undelivered`, `failed`).
    public var isFailure: Bool { status == "undelivered" || status == "failed" }

    /// A readable reason for a failure: the error code and what it means, when known.
    public var failureReason: String {
        let meaning = errorCode.flatMap { Self.errorMeanings[$0] }
        switch (errorCode, meaning) {
        case (let code?, let meaning?): return "sms \(status): Twilio error \(code) (\(meaning))"
        case (let code?, nil): return "sms \(status): Twilio error \(code)"
        default: return "sms \(status)"
        }
    }

    /// Delivery error codes seen in status callbacks.
    public static let errorMeanings: [Int: String] = [
        30001: "queue overflow", 30002: "account suspended", 30003: "unreachable destination handset",
        30004: "message blocked", 30005: "unknown destination handset", 30006: "landline or unreachable carrier",
        30007: "message filtered as spam", 30008: "unknown error", 30034: "unregistered A2P 10DLC sender",
        21610: "recipient unsubscribed (replied STOP)",
    ]
}
