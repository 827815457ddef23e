/// GoTrue's OAuth sign-in (`/auth/v1/authorize`, `/callback`, the `pkce` grant): which providers are enabled and
/// how long a flow may take. README, "Configuration": `FLOWORX_AUTH_EXTERNAL_PROVIDERS`,
/// `FLOWORX_AUTH_OAUTH_FLOW_SECONDS`.
public struct OAuthSignInConfiguration: Sendable {
    /// Enabled providers by GoTrue name (`google`, `azure`); a provider not here answers 400 `provider_disabled`.
    public var providers: [String: OAuthSignInProvider]
    /// How long the browser may take from `/authorize` to the callback, and the client from the callback to the
    /// `pkce` grant (GoTrue: minutes).
    public var flowLifetimeSeconds: Int

    public init(providers: [OAuthSignInProvider] = [], flowLifetimeSeconds: Int = 600) {
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        self.flowLifetimeSeconds = flowLifetimeSeconds
    }

    /// Every provider GoTrue knows: the name of one FloWorx does not offer is `provider_disabled`, anything else
    /// `validation_failed` (GoTrue's answers).
    static let goTrueProviders: Set<String> = [
        "apple", "azure", "bitbucket", "discord", "facebook", "figma", "fly", "github", "gitlab", "google", "kakao", "keycloak",
        "linkedin", "linkedin_oidc", "notion", "slack", "slack_oidc", "spotify", "twitch", "twitter", "workos", "zoom",
    ]
}
