import FloWorxCore
import Foundation

/// Where and how to call Twilio's Messages API (README, "SMS (Twilio)"). Read from the environment by
/// `fromEnvironment`; every credential stays in memory and is never logged or put in an error.
public struct TwilioConfiguration: Sendable {
    /// How requests authenticate (HTTP basic auth).
    public enum Credentials: Sendable {
        /// The Account SID as user name and the Auth Token as password.
        case authToken(String)
        /// An API Key SID (`SK...`) and its secret: revocable without rotating the Auth Token.
        case apiKey(sid: String, secret: String)
    }

    /// Who the message comes from.
    public struct Sender: Sendable, Hashable {
        /// A Twilio phone number in E.164 form, or an alphanumeric sender ID (`From`).
        public var from: String?
        /// A Messaging Service (`MG...`) that picks the number (`MessagingServiceSid`); wins over `from` at Twilio.
        public var messagingServiceSid: String?

        public init(from: String? = nil, messagingServiceSid: String? = nil) {
            self.from = from
            self.messagingServiceSid = messagingServiceSid
        }
    }

    /// `AC` + 32 hex digits.
    public var accountSid: String
    public var credentials: Credentials
    /// The account's Auth Token, which Twilio signs webhooks (`X-Twilio-Signature`) with; also needed with an API
    /// key when status callbacks are to be verified.
    public var authToken: String?
    public var sender: Sender
    /// `https://api.twilio.com`; requests go to `{baseURL}/2010-04-01/Accounts/{AccountSid}/Messages.json`.
    public var baseURL: String
    /// Where Twilio posts delivery status changes (`StatusCallback`); `nil` sends none.
    public var statusCallbackURL: String?
    /// Timeout of one request, response body included.
    public var timeout: Duration

    public init(accountSid: String, credentials: Credentials, sender: Sender, baseURL: String = "https://api.twilio.com",
                statusCallbackURL: String? = nil, timeout: Duration = .seconds(15)) {
        self.accountSid = accountSid
        self.credentials = credentials
        if case .authToken(let token) = credentials { self.authToken = token }
        self.sender = sender
        self.baseURL = baseURL
        self.statusCallbackURL = statusCallbackURL
        self.timeout = timeout
    }

    /// The path of the status callback route on FloWorx's public URL.
    public static let statusCallbackPath = "/api/v1/webhooks/twilio/status"

    /// The status callback URL for one notification: `statusCallbackURL` + `?notification=<id>`, so the route finds
    /// the row even when Twilio's first callback arrives before the worker has stored the message SID. `nil` without
    /// a status callback URL. Pass it as `send(to:body:statusCallback:)`'s `statusCallback`.
    public func statusCallbackURL(notificationId: UUID) -> String? {
        guard let base = statusCallbackURL else { return nil }
        return base + (base.contains("?") ? "&" : "?") + "notification=" + notificationId.uuidString.lowercased()
    }

    /// The user name and password of the basic auth header.
    var basicAuth: (user: String, password: String) {
        switch credentials {
        case .authToken(let token): (accountSid, token)
        case .apiKey(let sid, let secret): (sid, secret)
        }
    }

    /// Every secret this configuration holds (scrubbed from any text that could reach a log).
    var secrets: [String] {
        var values: [String] = []
        if let authToken { values.append(authToken) }
        if case .apiKey(_, let secret) = credentials { values.append(secret) }
        return values
    }

    /// Reads `FLOWORX_TWILIO_*` from `environment`. `nil` when no Twilio variable is set (SMS is off); an incomplete
    /// or malformed set is an error naming the variable. The status callback URL is
    /// `FLOWORX_TWILIO_STATUS_CALLBACK_URL`, else `publicURL` + `statusCallbackPath`, else none.
    public static func fromEnvironment(_ environment: [String: String], publicURL: String?) throws(SettingError) -> TwilioConfiguration? {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let names = ["FLOWORX_TWILIO_ACCOUNT_SID", "FLOWORX_TWILIO_AUTH_TOKEN", "FLOWORX_TWILIO_API_KEY_SID", "FLOWORX_TWILIO_API_KEY_SECRET",
                     "FLOWORX_TWILIO_FROM", "FLOWORX_TWILIO_MESSAGING_SERVICE_SID"]
        guard names.contains(where: { value($0) != nil }) else { return nil }
        guard let account = value("FLOWORX_TWILIO_ACCOUNT_SID") else {
            throw SettingError(name: "FLOWORX_TWILIO_ACCOUNT_SID", message: "is required when any FLOWORX_TWILIO_* variable is set")
        }
        guard isSid(account, prefix: "AC") else {
            throw SettingError(name: "FLOWORX_TWILIO_ACCOUNT_SID", message: "must be AC followed by 32 hex digits")
        }
        let token = value("FLOWORX_TWILIO_AUTH_TOKEN")
        let credentials: Credentials
        switch (value("FLOWORX_TWILIO_API_KEY_SID"), value("FLOWORX_TWILIO_API_KEY_SECRET")) {
        case (let sid?, let secret?):
            guard isSid(sid, prefix: "SK") else {
                throw SettingError(name: "FLOWORX_TWILIO_API_KEY_SID", message: "must be SK followed by 32 hex digits")
            }
            credentials = .apiKey(sid: sid, secret: secret)
        case (nil, nil):
            guard let token else {
                throw SettingError(name: "FLOWORX_TWILIO_AUTH_TOKEN", message: "is required (or FLOWORX_TWILIO_API_KEY_SID and FLOWORX_TWILIO_API_KEY_SECRET)")
            }
            credentials = .authToken(token)
        default:
            throw SettingError(name: "FLOWORX_TWILIO_API_KEY_SID", message: "and FLOWORX_TWILIO_API_KEY_SECRET go together: set both or neither")
        }
        let sender = Sender(from: value("FLOWORX_TWILIO_FROM"), messagingServiceSid: value("FLOWORX_TWILIO_MESSAGING_SERVICE_SID"))
        if sender.from == nil && sender.messagingServiceSid == nil {
            throw SettingError(name: "FLOWORX_TWILIO_FROM", message: "or FLOWORX_TWILIO_MESSAGING_SERVICE_SID is required")
        }
        if let from = sender.from, !SMSPhoneNumber.isE164(from), !isAlphanumericSenderID(from) {
            throw SettingError(name: "FLOWORX_TWILIO_FROM", message: "must be an E.164 number (+15551234567) or an alphanumeric sender ID, got \"\(from)\"")
        }
        if let service = sender.messagingServiceSid, !isSid(service, prefix: "MG") {
            throw SettingError(name: "FLOWORX_TWILIO_MESSAGING_SERVICE_SID", message: "must be MG followed by 32 hex digits")
        }
        var configuration = TwilioConfiguration(accountSid: account, credentials: credentials, sender: sender)
        configuration.authToken = token
        if let base = value("FLOWORX_TWILIO_BASE_URL") {
            guard base.hasPrefix("https://") || base.hasPrefix("http://") else {
                throw SettingError(name: "FLOWORX_TWILIO_BASE_URL", message: "must start with https:// or http://, got \"\(base)\"")
            }
            configuration.baseURL = base
        }
        if let callback = value("FLOWORX_TWILIO_STATUS_CALLBACK_URL") {
            guard callback.hasPrefix("https://") || callback.hasPrefix("http://") else {
                throw SettingError(name: "FLOWORX_TWILIO_STATUS_CALLBACK_URL", message: "must start with https:// or http://, got \"\(callback)\"")
            }
            configuration.statusCallbackURL = callback
        } else if let publicURL {
            configuration.statusCallbackURL = trimmedBase(publicURL) + statusCallbackPath
        }
        if let seconds = value("FLOWORX_TWILIO_TIMEOUT_SECONDS") {
            configuration.timeout = try Setting.seconds(seconds, name: "FLOWORX_TWILIO_TIMEOUT_SECONDS", range: 1...120)
        }
        return configuration
    }

    /// `prefix` + 32 hex digits, as Twilio SIDs are.
    public static func isSid(_ text: String, prefix: String) -> Bool {
        guard text.hasPrefix(prefix), text.utf8.count == prefix.utf8.count + 32 else { return false }
        return text.dropFirst(prefix.count).allSatisfy(\.isHexDigit)
    }

    /// 1 to 11 letters, digits and spaces with at least one letter (Twilio's alphanumeric sender ID).
    static func isAlphanumericSenderID(_ text: String) -> Bool {
        (1...11).contains(text.count) && text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == " " }
            && text.contains(where: \.isLetter)
    }

    static func trimmedBase(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

extension TwilioConfiguration: CustomStringConvertible {
    /// The account and sender only: printing a configuration never prints a credential.
    public var description: String {
        "TwilioConfiguration(accountSid: \(accountSid), sender: \(sender.messagingServiceSid ?? sender.from ?? "-"), baseURL: \(baseURL))"
    }
}

extension TwilioConfiguration.Credentials: CustomStringConvertible {
    public var description: String {
        switch self {
        case .authToken: "authToken([redacted])"
        case .apiKey(let sid, _): "apiKey(\(sid), [redacted])"
        }
    }
}
