import FloWorxIntegrations
import FloWorxServer
import Foundation

/// OAuth sign-in settings from the environment (README, "Configuration"). Providers are off unless listed in
/// `FLOWORX_AUTH_EXTERNAL_PROVIDERS`; each uses the Google or Microsoft app of the mailbox connection
/// (`FLOWORX_GOOGLE_CLIENT_ID`/`_SECRET`, `FLOWORX_MICROSOFT_CLIENT_ID`/`_SECRET`/`_TENANT`) and the same endpoint
/// overrides. Secrets come from the environment only.
enum OAuthSignInSettings {
    static func fromEnvironment() throws -> OAuthSignInConfiguration {
        let names = (Environment.get("FLOWORX_AUTH_EXTERNAL_PROVIDERS") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        var providers: [OAuthSignInProvider] = []
        for name in names {
            switch name {
            case "google":
                guard let id = Environment.get("FLOWORX_GOOGLE_CLIENT_ID"), let secret = Environment.get("FLOWORX_GOOGLE_CLIENT_SECRET") else {
                    throw ConfigurationError("FLOWORX_AUTH_EXTERNAL_PROVIDERS names google: set FLOWORX_GOOGLE_CLIENT_ID and FLOWORX_GOOGLE_CLIENT_SECRET")
                }
                var google = OAuthSignInProvider.google(clientId: id, clientSecret: secret,
                                                        jwksURL: Environment.get("FLOWORX_GOOGLE_JWKS_URL") ?? "https://www.googleapis.com/oauth2/v3/certs")
                if let url = Environment.get("FLOWORX_GOOGLE_AUTH_URL") { google.oauth.authorizationURL = url }
                if let url = Environment.get("FLOWORX_GOOGLE_TOKEN_URL") { google.oauth.tokenURL = url }
                providers.append(google)
            case "azure":
                guard let id = Environment.get("FLOWORX_MICROSOFT_CLIENT_ID"), let secret = Environment.get("FLOWORX_MICROSOFT_CLIENT_SECRET") else {
                    throw ConfigurationError("FLOWORX_AUTH_EXTERNAL_PROVIDERS names azure: set FLOWORX_MICROSOFT_CLIENT_ID and FLOWORX_MICROSOFT_CLIENT_SECRET")
                }
                providers.append(.azure(
                    clientId: id, clientSecret: secret, tenant: Environment.get("FLOWORX_MICROSOFT_TENANT") ?? "common",
                    authority: Environment.get("FLOWORX_MICROSOFT_AUTHORITY") ?? "https://login.microsoftonline.com",
                    authorizationURL: Environment.get("FLOWORX_MICROSOFT_AUTH_URL"), tokenURL: Environment.get("FLOWORX_MICROSOFT_TOKEN_URL"),
                    jwksURL: Environment.get("FLOWORX_MICROSOFT_JWKS_URL")))
            default:
                throw ConfigurationError("FLOWORX_AUTH_EXTERNAL_PROVIDERS: unknown provider \"\(name)\" (google, azure)")
            }
        }
        return OAuthSignInConfiguration(
            providers: providers, flowLifetimeSeconds: try Environment.int("FLOWORX_AUTH_OAUTH_FLOW_SECONDS", range: 60...3600) ?? 600)
    }
}
