import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// The OAuth 2.0 authorization code flow with PKCE S256 against one `OAuthProvider`: builds the authorization URL,
/// exchanges the code, refreshes, and revokes (Google). One HTTP request per call, no retries (the caller's job queue
/// retries what `MailProviderError.isRetryable` allows). Client authentication is `client_secret_post`.
public struct OAuthClient: Sendable {
    public let provider: OAuthProvider
    let http: MailHTTP

    /// - Parameters:
    ///   - timeout: of one request.
    ///   - maxResponseBytes: token responses are small; a larger body is refused (`tooLarge`).
    public init(provider: OAuthProvider, client: HTTPClient = .shared, timeout: Duration = .seconds(20), maxResponseBytes: Int = 64 * 1024) {
        self.provider = provider
        self.http = MailHTTP(client: client, provider: provider.kind == .google ? .googleOAuth : .microsoftOAuth, timeout: timeout,
                             maxResponseBytes: maxResponseBytes)
    }

    /// The URL to send the owner's browser to. `state` binds the callback to the signed-in owner (the caller signs it
    /// and checks it once); `challenge` is `PKCE.challenge`; `loginHint` pre-fills the account.
    public func authorizationURL(state: String, challenge: String, loginHint: String? = nil) -> String {
        var items: [(String, String?)] = [
            ("client_id", provider.clientId),
            ("redirect_uri", provider.redirectURI),
            ("response_type", "code"),
            ("scope", provider.scopes.joined(separator: " ")),
            ("state", state),
            ("code_challenge", challenge),
            ("code_challenge_method", PKCE.method),
            ("login_hint", loginHint),
        ]
        for key in provider.extraAuthorizationParameters.keys.sorted() {
            items.append((key, provider.extraAuthorizationParameters[key]))
        }
        let base = provider.authorizationURL
        let query = MailHTTP.query(items)
        return base.contains("?") ? base + "&" + query.dropFirst() : base + query
    }

    /// Exchanges the authorization code from the callback (grant `authorization_code`, with the PKCE verifier).
    public func exchange(code: String, verifier: String, now: Date = Date()) async throws(MailProviderError) -> OAuthTokens {
        var fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", provider.redirectURI),
                      ("client_id", provider.clientId), ("client_secret", provider.clientSecret), ("code_verifier", verifier)]
        if provider.sendsScopeToTokenEndpoint { fields.append(("scope", provider.scopes.joined(separator: " "))) }
        return try await token(fields, operation: "token.exchange", secrets: [code, verifier], previousRefreshToken: nil, now: now)
    }

    /// A new access token for `refreshToken` (grant `refresh_token`). Microsoft rotates the refresh token on every
    /// refresh: store the returned `refreshToken`; when the provider returns none (Google), the given one is kept.
    /// An expired, revoked or withdrawn grant is `.invalidGrant`.
    public func refresh(refreshToken: String, now: Date = Date()) async throws(MailProviderError) -> OAuthTokens {
        var fields = [("grant_type", "refresh_token"), ("refresh_token", refreshToken),
                      ("client_id", provider.clientId), ("client_secret", provider.clientSecret)]
        if provider.sendsScopeToTokenEndpoint { fields.append(("scope", provider.scopes.joined(separator: " "))) }
        return try await token(fields, operation: "token.refresh", secrets: [refreshToken], previousRefreshToken: refreshToken, now: now)
    }

    /// Revokes `token` (refresh or access token) at the provider: Google's revocation endpoint, the token in the form
    /// body (never in the URL). Returns false when the provider has no revocation endpoint (Microsoft). A token the
    /// provider already considers invalid (`invalid_token`) counts as revoked.
    @discardableResult
    public func revoke(token: String) async throws(MailProviderError) -> Bool {
        guard let url = provider.revocationURL else { return false }
        let provider = http.provider
        let secrets = [token, self.provider.clientSecret]
        do {
            _ = try await http.send(.POST, url, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                    body: MailHTTP.form([("token", token)]), operation: "token.revoke", secrets: secrets) { status, body, retryAfter in
                MailProviderError.oauth(provider: provider, status: status, body: body, retryAfterHeader: retryAfter, operation: "token.revoke",
                                        secrets: secrets)
            }
        } catch let error where error.code == "invalid_token" {
            _ = error
            return true
        }
        return true
    }

    private func token(_ fields: [(String, String)], operation: String, secrets: [String], previousRefreshToken: String?,
                       now: Date) async throws(MailProviderError) -> OAuthTokens {
        let provider = http.provider
        let secrets = secrets + [self.provider.clientSecret]
        let response = try await http.send(.POST, self.provider.tokenURL,
                                           headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
                                           body: MailHTTP.form(fields), operation: operation, secrets: secrets) { status, body, retryAfter in
            MailProviderError.oauth(provider: provider, status: status, body: body, retryAfterHeader: retryAfter, operation: operation,
                                    secrets: secrets)
        }
        return try Self.parseTokenResponse(response.body, provider: provider, operation: operation,
                                           previousRefreshToken: previousRefreshToken, now: now)
    }

    /// Reads a token endpoint's success body (RFC 6749 §5.1): `access_token`, `expires_in` (a number, or a string as
    /// some endpoints send it) → `expiresAt`, `refresh_token`, `scope`, `token_type`. A 200 carrying `error` (seen
    /// from some proxies) is parsed as the error it is.
    static func parseTokenResponse(_ body: Data, provider: MailProviderError.Provider, operation: String, previousRefreshToken: String?,
                                   now: Date) throws(MailProviderError) -> OAuthTokens {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw MailProviderError(kind: .invalidResponse, provider: provider, operation: operation, status: 200,
                                    message: "token response is not a JSON object")
        }
        if object["error"] is String {
            throw MailProviderError.oauth(provider: provider, status: 400, body: body, retryAfterHeader: nil, operation: operation,
                                          secrets: [previousRefreshToken].compactMap { $0 })
        }
        guard let accessToken = object["access_token"] as? String, !accessToken.isEmpty else {
            throw MailProviderError(kind: .invalidResponse, provider: provider, operation: operation, status: 200,
                                    message: "token response has no access_token")
        }
        var expiresIn: Double?
        if let number = object["expires_in"] as? NSNumber {
            expiresIn = number.doubleValue
        } else if let text = object["expires_in"] as? String {
            expiresIn = Double(text)
        }
        let refreshToken = (object["refresh_token"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? previousRefreshToken
        var tokens = OAuthTokens(accessToken: accessToken, refreshToken: refreshToken,
                                 expiresAt: expiresIn.map { now.addingTimeInterval($0) }, scope: object["scope"] as? String,
                                 tokenType: object["token_type"] as? String)
        tokens.idToken = object["id_token"] as? String
        return tokens
    }
}
