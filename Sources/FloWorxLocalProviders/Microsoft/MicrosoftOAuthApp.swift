/// An application registered with `LocalMicrosoftOAuth`: its client id, its secret (confidential client) and the
/// redirect URIs it may use.
public struct MicrosoftOAuthApp: Sendable, Equatable {
    /// The application (client) id.
    public var clientId: String
    /// The client secret; `nil` for a public client (then only PKCE protects the code).
    public var clientSecret: String?
    /// Redirect URIs accepted exactly as registered.
    public var redirectURIs: [String]

    /// Registers an application.
    public init(clientId: String, clientSecret: String?, redirectURIs: [String]) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.redirectURIs = redirectURIs
    }
}
