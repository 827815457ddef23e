import FloWorxIntegrations
import Foundation

/// One identity provider users may sign in with (GoTrue's `EXTERNAL_<PROVIDER>_*` settings): FloWorx's app at the
/// provider (the same app as the mailbox connection may serve), its endpoints, and how its ID tokens are checked.
public struct OAuthSignInProvider: Sendable {
    /// The ID-token checks of this provider.
    var idTokens: OAuthIDTokenVerifier { OAuthIDTokenVerifier(provider: self, keys: keys, parsed: parsedKeys) }

    /// GoTrue's provider name: `google` or `azure`.
    public var name: String
    /// The authorization and token endpoints and the app's client id and secret. Its `redirectURI` and scopes are
    /// replaced per flow (the callback is `<public URL>/auth/v1/callback`).
    public var oauth: OAuthProvider
    /// The provider's signing keys (JWKS) for ID tokens.
    public let jwksURL: String
    /// The key set, fetched once an hour (sooner when a token names an unknown key), and its parsed form.
    let keys: JWKSSource
    let parsedKeys = ParsedKeySet()
    /// Whether an ID token's `iss` is this provider's: Google's two spellings; for Microsoft `<authority>/<tid>/v2.0`
    /// with the token's own `tid`.
    public var acceptsIssuer: @Sendable (_ issuer: String, _ tenantId: String?) -> Bool
    /// Scopes always asked for (OpenID Connect: `openid email profile`); the request's `scopes` are added.
    public var defaultScopes: [String] = ["openid", "email", "profile"]

    public init(name: String, oauth: OAuthProvider, jwksURL: String, acceptsIssuer: @escaping @Sendable (String, String?) -> Bool) {
        self.name = name
        self.oauth = oauth
        self.jwksURL = jwksURL
        self.keys = JWKSSource(url: jwksURL)
        self.acceptsIssuer = acceptsIssuer
    }

    /// Google (OpenID Connect): endpoints default to Google's.
    public static func google(clientId: String, clientSecret: String,
                              authorizationURL: String = "https://accounts.google.com/o/oauth2/v2/auth",
                              tokenURL: String = "https://oauth2.googleapis.com/token",
                              jwksURL: String = "https://www.googleapis.com/oauth2/v3/certs") -> OAuthSignInProvider {
        var oauth = OAuthProvider.google(clientId: clientId, clientSecret: clientSecret, redirectURI: "", scopes: [],
                                         authorizationURL: authorizationURL, tokenURL: tokenURL)
        // Sign-in needs no offline access to the account, and no consent screen every time.
        oauth.extraAuthorizationParameters = [:]
        return OAuthSignInProvider(name: "google", oauth: oauth, jwksURL: jwksURL) { issuer, _ in
            issuer == "https://accounts.google.com" || issuer == "accounts.google.com"
        }
    }

    /// Microsoft identity platform v2.0 (GoTrue's `azure`) for `tenant` under `authority`.
    public static func azure(clientId: String, clientSecret: String, tenant: String = "common",
                             authority: String = "https://login.microsoftonline.com",
                             authorizationURL: String? = nil, tokenURL: String? = nil, jwksURL: String? = nil) -> OAuthSignInProvider {
        let root = authority.hasSuffix("/") ? String(authority.dropLast()) : authority
        var oauth = OAuthProvider.microsoft(tenant: tenant, clientId: clientId, clientSecret: clientSecret, redirectURI: "", scopes: [],
                                            authority: root)
        if let authorizationURL { oauth.authorizationURL = authorizationURL }
        if let tokenURL { oauth.tokenURL = tokenURL }
        let keys = jwksURL ?? "\(root)/\(tenant)/discovery/v2.0/keys"
        return OAuthSignInProvider(name: "azure", oauth: oauth, jwksURL: keys) { issuer, tenantId in
            // A multi-tenant app gets tokens from many directories: the issuer must name the token's own.
            guard let tenantId, !tenantId.isEmpty else { return false }
            return issuer == "\(root)/\(tenantId)/v2.0" && (tenant == tenantId || ["common", "organizations", "consumers"].contains(tenant))
        }
    }
}
