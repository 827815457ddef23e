/// What the Twilio status callback route needs to verify `X-Twilio-Signature`: the account's Auth Token and the
/// public base URL Twilio calls (the signature covers the full URL). Without a token, callbacks are refused.
public struct TwilioWebhookConfiguration: Sendable {
    /// `FLOWORX_TWILIO_AUTH_TOKEN`.
    public var authToken: String?
    /// `FLOWORX_PUBLIC_URL` (e.g. `https://floworx.example.com`); the callback URL Twilio signed is this base plus
    /// the request's path and query. Without it, the request's own `Host` and `http` are used (local runs).
    public var publicURL: String?

    public init(authToken: String? = nil, publicURL: String? = nil) {
        self.authToken = authToken
        self.publicURL = publicURL
    }
}

extension TwilioWebhookConfiguration: CustomStringConvertible {
    /// Never prints the token.
    public var description: String { "TwilioWebhookConfiguration(authToken: \(authToken == nil ? "nil" : "[redacted]"), publicURL: \(publicURL ?? "nil"))" }
}
