import Foundation

/// The tokens of one connected mailbox, as FloWorx stores them (encrypted) in `integrations.credentials`.
///
/// JSON keys are snake_case (`access_token`, `refresh_token`, `expires_at` in seconds since 1970, `scope`,
/// `token_type`). `description`, `debugDescription` and the mirror (`dump`) hide both tokens, so interpolating the
/// value into a log line leaks nothing.
public struct OAuthTokens: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var accessToken: String
    public var refreshToken: String?
    /// When the access token stops working (from the token response's `expires_in`).
    public var expiresAt: Date?
    /// The scopes granted, space-separated, as the provider reported them.
    public var scope: String?
    public var tokenType: String?
    /// The OpenID Connect ID token of the code exchange, when `openid` was granted (used for sign-in; never stored).
    public var idToken: String?

    public init(accessToken: String, refreshToken: String?, expiresAt: Date?, scope: String? = nil, tokenType: String? = "Bearer") {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.scope = scope
        self.tokenType = tokenType
    }

    /// Whether the access token expires within `margin` of `now` (refresh before it does).
    public func expires(within margin: Duration, now: Date = Date()) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt.timeIntervalSince(now) <= Double(margin.components.seconds) + Double(margin.components.attoseconds) / 1e18
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case expiresAt = "expires_at"
        case scope
        case tokenType = "token_type"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accessToken = try container.decode(String.self, forKey: .accessToken)
        refreshToken = try container.decodeIfPresent(String.self, forKey: .refreshToken)
        // Seconds since 1970 whatever the decoder's date strategy, so the stored form never depends on it.
        expiresAt = try container.decodeIfPresent(Double.self, forKey: .expiresAt).map { Date(timeIntervalSince1970: $0) }
        scope = try container.decodeIfPresent(String.self, forKey: .scope)
        tokenType = try container.decodeIfPresent(String.self, forKey: .tokenType)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accessToken, forKey: .accessToken)
        try container.encodeIfPresent(refreshToken, forKey: .refreshToken)
        try container.encodeIfPresent(expiresAt.map { $0.timeIntervalSince1970.rounded() }, forKey: .expiresAt)
        try container.encodeIfPresent(scope, forKey: .scope)
        try container.encodeIfPresent(tokenType, forKey: .tokenType)
    }

    public var description: String {
        let expiry = expiresAt.map { ISO8601DateFormatter().string(from: $0) } ?? "unknown"
        return "OAuthTokens(access_token: [redacted], refresh_token: \(refreshToken == nil ? "none" : "[redacted]"), expires_at: \(expiry), scope: \(scope ?? ""))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["accessToken": "[redacted]", "refreshToken": refreshToken == nil ? "none" : "[redacted]",
                                "expiresAt": expiresAt as Any, "scope": scope as Any], displayStyle: .struct)
    }
}
