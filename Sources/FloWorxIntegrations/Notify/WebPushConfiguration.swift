import Foundation

/// The web push sender's settings: the VAPID key and subject, and the HTTP limits.
public struct WebPushConfiguration: Sendable {
    /// The application server's key (`FLOWORX_VAPID_PRIVATE_KEY`).
    public var keys: VAPIDKeys
    /// The contact in every token's `sub` claim (`FLOWORX_VAPID_SUBJECT`): `mailto:` or `https:`.
    public var subject: String
    /// How long a VAPID token is valid (at most 24 hours); a new one is signed per request.
    public var tokenLifetime: TimeInterval
    /// How long one request to the push service may take, answer included.
    public var timeout: Duration
    /// How much of a refusal's body is read and kept as its reason.
    public var maximumResponseBytes: Int

    /// Settings with the defaults: 12-hour tokens, a 10-second timeout, 4 KB of refusal body.
    public init(keys: VAPIDKeys, subject: String, tokenLifetime: TimeInterval = 12 * 60 * 60, timeout: Duration = .seconds(10),
                maximumResponseBytes: Int = 4096) throws(WebPushError) {
        try VAPIDToken.validate(subject: subject)
        guard tokenLifetime > 0, tokenLifetime <= VAPIDToken.maximumLifetime else {
            throw .invalidVAPID("the token lifetime must be more than 0 and at most 24 hours")
        }
        self.keys = keys
        self.subject = subject
        self.tokenLifetime = tokenLifetime
        self.timeout = timeout
        self.maximumResponseBytes = maximumResponseBytes
    }

    /// The environment variable holding the private key.
    public static let privateKeyVariable = "FLOWORX_VAPID_PRIVATE_KEY"
    /// The environment variable holding the subject.
    public static let subjectVariable = "FLOWORX_VAPID_SUBJECT"

    /// The settings from `FLOWORX_VAPID_PRIVATE_KEY` and `FLOWORX_VAPID_SUBJECT`; nil when no key is set (web push
    /// off); an error naming the variable when a value is unusable, never echoing the key.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(WebPushError) -> WebPushConfiguration? {
        guard let key = environment[privateKeyVariable], !key.isEmpty else { return nil }
        let keys: VAPIDKeys
        do {
            keys = try VAPIDKeys(base64URLPrivateKey: key)
        } catch {
            guard case .invalidVAPID(let why) = error else { throw error }
            throw .invalidVAPID("\(privateKeyVariable): \(why)")
        }
        guard let subject = environment[subjectVariable], !subject.isEmpty else {
            throw .invalidVAPID("\(subjectVariable) is required with \(privateKeyVariable) (mailto: or https: contact)")
        }
        return try WebPushConfiguration(keys: keys, subject: subject)
    }
}
