import FloWorxIntegrations
import Foundation

/// What the server's mailbox routes need: the OAuth clients (connect, callback), the provider clients (first
/// checkpoint, disconnect) and the push checks.
public struct MailboxServerConfiguration: Sendable {
    /// OAuth clients per provider (`gmail`, `outlook`); a provider without one answers 503 `provider_not_configured`.
    public var oauth: [String: OAuthClient] = [:]
    public var gmail = GmailClient()
    public var graph = GraphClient()
    /// How long a started connect flow may take.
    public var stateLifetime: Duration = .seconds(600)
    /// Mail received this long before connecting is processed too (0: from the moment of connecting).
    public var backfillWindow: Duration = .zero
    /// Gmail push: the Pub/Sub push subscription's OIDC token is checked against these. With no audience set,
    /// Gmail pushes are refused (401).
    public var gmailPush = GmailPushConfiguration()

    public init() {}
}

/// How Pub/Sub push requests prove they come from Google: an OIDC token signed by Google's keys, for our audience,
/// on behalf of the push subscription's service account.
public struct GmailPushConfiguration: Sendable {
    /// Google's signing keys.
    public var jwksURL: String = "https://www.googleapis.com/oauth2/v3/certs"
    /// Accepted issuers.
    public var issuers: [String] = ["https://accounts.google.com", "accounts.google.com"]
    /// The audience set on the push subscription (`FLOWORX_GMAIL_PUSH_AUDIENCE`); nil refuses every push.
    public var audience: String?
    /// The push subscription's service account (`FLOWORX_GMAIL_PUSH_SERVICE_ACCOUNT`); nil accepts any verified
    /// Google account (not recommended).
    public var serviceAccountEmail: String?

    public init(jwksURL: String = "https://www.googleapis.com/oauth2/v3/certs", audience: String? = nil, serviceAccountEmail: String? = nil) {
        self.jwksURL = jwksURL
        self.audience = audience
        self.serviceAccountEmail = serviceAccountEmail
    }
}
