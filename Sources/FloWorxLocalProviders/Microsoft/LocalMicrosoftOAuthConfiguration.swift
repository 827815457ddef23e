/// Settings of `LocalMicrosoftOAuth`.
public struct LocalMicrosoftOAuthConfiguration: Sendable {
    /// Lifetime of issued access tokens (Microsoft: 60 to 90 minutes; `expires_in` says it).
    public var accessTokenLifetime: Duration = .seconds(3600)
    /// Lifetime of an authorization code (Microsoft: about 10 minutes).
    public var codeLifetime: Duration = .seconds(600)
    /// Whether `/authorize` requires a `code_challenge` (FloWorx always sends one).
    public var requirePKCE: Bool = true
    /// Microsoft returns a new refresh token on every refresh and tells clients to replace the old one. With this
    /// on (the default), the replaced token stops working, so a client that does not store the rotated token fails
    /// its next refresh with `invalid_grant`.
    public var rejectReplacedRefreshTokens: Bool = true

    /// The defaults.
    public init() {}
}
