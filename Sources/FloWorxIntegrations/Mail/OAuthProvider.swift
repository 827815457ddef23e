import Foundation

/// Where and as whom FloWorx runs the OAuth 2.0 authorization code flow (with PKCE) for one identity provider.
///
/// `google(...)` and `microsoft(...)` default to the real endpoints and to least-privilege scopes; every URL can be
/// pointed elsewhere (the local servers in tests and the demo). The description never shows the client secret.
public struct OAuthProvider: Sendable, Hashable, CustomStringConvertible {
    /// Which identity provider this is: decides the error mapping and whether tokens can be revoked.
    public enum Kind: String, Sendable, Hashable, Codable {
        case google, microsoft
    }

    /// Google or Microsoft.
    public var kind: Kind
    /// The authorization endpoint the owner's browser is sent to.
    public var authorizationURL: String
    /// The token endpoint (code exchange and refresh).
    public var tokenURL: String
    /// The revocation endpoint (RFC 7009); nil when the provider has none for refresh tokens (Microsoft).
    public var revocationURL: String?
    /// The registered app's client id.
    public var clientId: String
    /// The registered app's secret (sent in token request bodies only; never in a URL or a description).
    public var clientSecret: String
    /// FloWorx's callback, exactly as registered with the provider.
    public var redirectURI: String
    /// The scopes asked for, sent space-separated.
    public var scopes: [String]
    /// Extra query parameters of the authorization URL (Google: `access_type=offline`, `prompt=consent`).
    public var extraAuthorizationParameters: [String: String]
    /// Whether the token requests carry `scope` (Microsoft's v2.0 endpoint documents it; Google ignores it).
    public var sendsScopeToTokenEndpoint: Bool

    public init(kind: Kind, authorizationURL: String, tokenURL: String, revocationURL: String?, clientId: String, clientSecret: String,
                redirectURI: String, scopes: [String], extraAuthorizationParameters: [String: String] = [:],
                sendsScopeToTokenEndpoint: Bool = false) {
        self.kind = kind
        self.authorizationURL = authorizationURL
        self.tokenURL = tokenURL
        self.revocationURL = revocationURL
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.extraAuthorizationParameters = extraAuthorizationParameters
        self.sendsScopeToTokenEndpoint = sendsScopeToTokenEndpoint
    }

    /// Gmail's least-privilege scope for FloWorx: read, label and draft, but not send.
    public static let gmailModifyScope = "https://www.googleapis.com/auth/gmail.modify"
    /// Microsoft Graph scopes: a refresh token, the signed-in user, and mail read/write (not Mail.Send).
    public static let graphMailScopes = ["offline_access", "User.Read", "Mail.ReadWrite"]

    /// Google's OAuth 2.0 for web server apps. `access_type=offline` and `prompt=consent` make Google return a refresh
    /// token on every consent (without `prompt=consent` a second connect returns none).
    public static func google(clientId: String, clientSecret: String, redirectURI: String, scopes: [String] = [gmailModifyScope],
                              authorizationURL: String = "https://accounts.google.com/o/oauth2/v2/auth",
                              tokenURL: String = "https://oauth2.googleapis.com/token",
                              revocationURL: String = "https://oauth2.googleapis.com/revoke") -> OAuthProvider {
        OAuthProvider(kind: .google, authorizationURL: authorizationURL, tokenURL: tokenURL, revocationURL: revocationURL,
                      clientId: clientId, clientSecret: clientSecret, redirectURI: redirectURI, scopes: scopes,
                      extraAuthorizationParameters: ["access_type": "offline", "prompt": "consent"])
    }

    /// The Microsoft identity platform (v2.0 endpoints) for `tenant` (`common`, `organizations`, `consumers` or a
    /// tenant id), under `authority` (`https://login.microsoftonline.com`, or a local server). Microsoft has no
    /// per-app revocation endpoint: disconnecting deletes the tokens (and the owner can remove the app's consent).
    public static func microsoft(tenant: String = "common", clientId: String, clientSecret: String, redirectURI: String,
                                 scopes: [String] = graphMailScopes,
                                 authority: String = "https://login.microsoftonline.com") -> OAuthProvider {
        let base = MailHTTP.trimmed(authority) + "/" + MailHTTP.percentEncode(tenant) + "/oauth2/v2.0"
        return OAuthProvider(kind: .microsoft, authorizationURL: base + "/authorize", tokenURL: base + "/token", revocationURL: nil,
                             clientId: clientId, clientSecret: clientSecret, redirectURI: redirectURI, scopes: scopes,
                             extraAuthorizationParameters: ["response_mode": "query"], sendsScopeToTokenEndpoint: true)
    }

    public var description: String {
        "OAuthProvider(\(kind.rawValue), client_id: \(clientId), client_secret: [redacted], token: \(tokenURL), scopes: \(scopes.joined(separator: " ")))"
    }
}
