import Foundation

/// The account a `LocalTwilioServer` plays: its SID, Auth Token, API keys and the numbers and Messaging Services it
/// owns. Defaults are random per server, so tests never share credentials.
public struct LocalTwilioConfiguration: Sendable {
    /// `AC` + 32 hex digits.
    public var accountSid: String
    /// The Auth Token: basic-auth password with the Account SID, and the key of `X-Twilio-Signature`.
    public var authToken: String
    /// API keys (`SK...` → secret) accepted as basic-auth user and password.
    public var apiKeys: [String: String]
    /// Numbers the account owns (a `From` outside them answers 21606).
    public var ownedNumbers: Set<String>
    /// Messaging Services of the account (`MG...`); a message through one is sent from the first owned number.
    public var messagingServices: Set<String>
    /// Calling-code prefixes (`+44`) whose countries the account may not send to (21408).
    public var disabledRegionPrefixes: [String]

    public init(accountSid: String = LocalTwilioConfiguration.randomSid("AC"), authToken: String = LocalTwilioConfiguration.randomHex(32),
                apiKeys: [String: String] = [:], ownedNumbers: Set<String> = ["+15005550006"], messagingServices: Set<String> = [],
                disabledRegionPrefixes: [String] = []) {
        self.accountSid = accountSid
        self.authToken = authToken
        self.apiKeys = apiKeys
        self.ownedNumbers = ownedNumbers
        self.messagingServices = messagingServices
        self.disabledRegionPrefixes = disabledRegionPrefixes
    }

    /// `prefix` + 32 random lowercase hex digits, the shape of every Twilio SID.
    public static func randomSid(_ prefix: String) -> String { prefix + randomHex(32) }

    /// `count` random lowercase hex digits.
    public static func randomHex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in "0123456789abcdef".randomElement(using: &generator)! })
    }
}
