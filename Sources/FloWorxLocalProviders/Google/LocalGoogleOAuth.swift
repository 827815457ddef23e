import Crypto
import Foundation

/// A local Google OAuth 2.0 authorization server, served by ``LocalGmailServer`` on the same port:
/// `GET /o/oauth2/v2/auth` (the "user consented" path: 302 to `redirect_uri?code&state`), `POST /token`
/// (`authorization_code` with the PKCE S256 `code_verifier` checked, and an OpenID Connect `id_token` when `openid`
/// was asked for; `refresh_token`), `POST /revoke` and the JWKS of
/// the Pub/Sub push signer at `GET /oauth2/v3/certs`. Errors use Google's bodies (`{"error":"invalid_grant",
/// "error_description":...}`). Google does not rotate refresh tokens, so a refresh answers only a new access token.
public actor LocalGoogleOAuth {
    /// Settings of the authorization server.
    public struct Configuration: Sendable {
        /// The registered OAuth client id.
        public var clientID: String
        /// The registered client secret.
        public var clientSecret: String
        /// Redirect URIs the client registered; empty accepts any `http://127.0.0.1` / `http://localhost` URI.
        public var redirectURIs: [String]
        /// Lifetime of access tokens (Google: 3599 s).
        public var accessTokenLifetime: TimeInterval
        /// Lifetime of an authorization code (Google: a few minutes).
        public var codeLifetime: TimeInterval

        /// Defaults: a test client, any loopback redirect URI, Google's token lifetimes.
        public init(
            clientID: String = "local-client.apps.googleusercontent.com", clientSecret: String = "local-client-secret",
            redirectURIs: [String] = [], accessTokenLifetime: TimeInterval = 3599, codeLifetime: TimeInterval = 600
        ) {
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.redirectURIs = redirectURIs
            self.accessTokenLifetime = accessTokenLifetime
            self.codeLifetime = codeLifetime
        }
    }

    /// Tokens issued for one user (what the token endpoint would answer).
    public struct Grant: Sendable, Equatable {
        /// The user's email address.
        public var email: String
        /// Bearer token accepted by the Gmail server until it expires.
        public var accessToken: String
        /// Refresh token (Google's are long-lived and not rotated).
        public var refreshToken: String
        /// Seconds until the access token expires.
        public var expiresIn: Int
        /// Space-separated scopes granted.
        public var scope: String
    }

    /// What an access token stands for.
    public enum TokenCheck: Sendable, Equatable {
        /// A live token of this user with these scopes.
        case valid(email: String, scopes: Set<String>)
        /// Unknown, expired or revoked.
        case invalid
    }

    /// The consent decision the authorize endpoint applies.
    public enum ConsentDecision: Sendable {
        /// The user grants access (302 with `code`).
        case grant
        /// The user refuses (302 with `error=access_denied`).
        case deny
    }

    private struct AuthorizationCode {
        var email: String
        var clientID: String
        var redirectURI: String
        var scope: String
        var challenge: String?
        var grantID: Int
        var offline: Bool
        var expiresAt: Date
    }

    private struct AccessToken {
        var email: String
        var scope: String
        var grantID: Int
        var expiresAt: Date
    }

    private struct RefreshToken {
        var email: String
        var clientID: String
        var scope: String
        var grantID: Int
    }

    /// The settings in force.
    public nonisolated let configuration: Configuration
    /// The Pub/Sub push signer whose public key the JWKS endpoint serves.
    public nonisolated let pushSigner: PubSubPushSigner

    private var users: [String] = []
    private var codes: [String: AuthorizationCode] = [:]
    private var accessTokens: [String: AccessToken] = [:]
    private var refreshTokens: [String: RefreshToken] = [:]
    private var revokedGrants: Set<Int> = []
    private var nextGrantID = 1
    private var decision: ConsentDecision = .grant
    private var requestCounts: [String: Int] = [:]

    /// Creates the server state with a new push-signing key.
    public init(configuration: Configuration = Configuration()) throws {
        self.configuration = configuration
        self.pushSigner = try PubSubPushSigner()
    }

    // MARK: Control surface

    /// Registers a Google account that can consent (idempotent).
    public func addUser(email: String) {
        if !users.contains(email) { users.append(email) }
    }

    /// Issues tokens for `email` directly, as if it had consented to `scope` (the user is added if new).
    public func grant(email: String, scope: String = "https://www.googleapis.com/auth/gmail.modify") -> Grant {
        addUser(email: email)
        let grantID = newGrantID()
        let refresh = issueRefreshToken(email: email, clientID: configuration.clientID, scope: scope, grantID: grantID)
        let access = issueAccessToken(email: email, scope: scope, grantID: grantID)
        return Grant(
            email: email, accessToken: access, refreshToken: refresh, expiresIn: Int(configuration.accessTokenLifetime),
            scope: scope)
    }

    /// Withdraws every grant of `email` (as the user would in their Google account): its access tokens stop working
    /// and the next refresh gets `invalid_grant`.
    public func revokeConsent(email: String) {
        for (_, token) in refreshTokens where token.email == email { revokedGrants.insert(token.grantID) }
        for (_, token) in accessTokens where token.email == email { revokedGrants.insert(token.grantID) }
    }

    /// Makes every access token issued so far expired (refresh tokens keep working).
    public func expireAccessTokens() {
        let past = Date(timeIntervalSince1970: 0)
        for key in accessTokens.keys { accessTokens[key]?.expiresAt = past }
    }

    /// The decision the authorize endpoint applies to the next requests (default `.grant`).
    public func setConsentDecision(_ decision: ConsentDecision) {
        self.decision = decision
    }

    /// Requests served per endpoint (`authorize`, `token`, `revoke`, `certs`).
    public func requestCount(_ endpoint: String) -> Int { requestCounts[endpoint, default: 0] }

    /// What `token` stands for (used by the Gmail server to answer 401).
    public func check(accessToken token: String) -> TokenCheck {
        guard let access = accessTokens[token], !revokedGrants.contains(access.grantID), access.expiresAt > Date()
        else { return .invalid }
        return .valid(email: access.email, scopes: Set(access.scope.split(separator: " ").map(String.init)))
    }

    // MARK: HTTP

    /// Answers the OAuth paths; `nil` when the path is not an OAuth path.
    func handle(_ request: LocalHTTPRequest) -> LocalHTTPResponse? {
        switch (request.method, request.path) {
        case ("GET", "/o/oauth2/v2/auth"), ("GET", "/o/oauth2/auth"):
            requestCounts["authorize", default: 0] += 1
            return authorize(request)
        case ("POST", "/token"), ("POST", "/o/oauth2/token"):
            requestCounts["token", default: 0] += 1
            return token(request)
        case ("POST", "/revoke"), ("GET", "/revoke"), ("POST", "/o/oauth2/revoke"):
            requestCounts["revoke", default: 0] += 1
            return revoke(request)
        case ("GET", "/oauth2/v3/certs"):
            requestCounts["certs", default: 0] += 1
            guard let jwks = try? pushSigner.jwksJSON() else { return .empty(500) }
            return .json(200, jwks, headers: [("Cache-Control", "public, max-age=19302, must-revalidate, no-transform")])
        default:
            return nil
        }
    }

    private func authorize(_ request: LocalHTTPRequest) -> LocalHTTPResponse {
        // Before the redirect URI is known to be the client's, Google shows an error page instead of redirecting.
        guard request.queryValue("client_id") == configuration.clientID else {
            return Self.page(401, "Error 401: invalid_client. The OAuth client was not found.")
        }
        guard let redirectURI = request.queryValue("redirect_uri"), isRegistered(redirectURI: redirectURI) else {
            return Self.page(400, "Error 400: redirect_uri_mismatch")
        }
        let state = request.queryValue("state")
        func redirect(_ items: [(String, String)]) -> LocalHTTPResponse {
            var all = items
            if let state { all.append(("state", state)) }
            let separator = redirectURI.contains("?") ? "&" : "?"
            return .empty(302, headers: [("Location", redirectURI + separator + Self.formEncode(all))])
        }
        guard request.queryValue("response_type") == "code" else {
            return redirect([("error", "unsupported_response_type")])
        }
        guard let scope = request.queryValue("scope"), !scope.trimmingCharacters(in: .whitespaces).isEmpty else {
            return redirect([("error", "invalid_request"), ("error_description", "Missing required parameter: scope")])
        }
        let challenge = request.queryValue("code_challenge")
        if let method = request.queryValue("code_challenge_method"), method != "S256" && method != "plain" {
            return redirect([("error", "invalid_request"), ("error_description", "Invalid code_challenge_method")])
        }
        // FloWorx must use S256: a challenge without S256 is refused here so a regression shows.
        if challenge != nil, request.queryValue("code_challenge_method") != "S256" {
            return redirect([("error", "invalid_request"), ("error_description", "code_challenge_method must be S256")])
        }
        if let challenge, !Self.isValidChallenge(challenge) {
            return redirect([("error", "invalid_request"), ("error_description", "Invalid code_challenge")])
        }
        let hinted = request.queryValue("login_hint").flatMap { hint in users.first { $0.lowercased() == hint.lowercased() } }
        guard let email = hinted ?? users.last else {
            return Self.page(400, "Error 400: no local Google account to sign in with (add a mailbox first)")
        }
        guard decision == .grant else { return redirect([("error", "access_denied")]) }
        let code = "4/0" + Self.randomToken(32)
        codes[code] = AuthorizationCode(
            email: email, clientID: configuration.clientID, redirectURI: redirectURI, scope: scope, challenge: challenge,
            grantID: newGrantID(), offline: request.queryValue("access_type") == "offline",
            expiresAt: Date().addingTimeInterval(configuration.codeLifetime))
        return redirect([("code", code), ("scope", scope)])
    }

    private func token(_ request: LocalHTTPRequest) -> LocalHTTPResponse {
        let form = Dictionary(
            LocalHTTPServer.queryItems(String(decoding: request.body, as: UTF8.self)).map { ($0.name, $0.value) },
            uniquingKeysWith: { first, _ in first })
        var clientID = form["client_id"]
        var clientSecret = form["client_secret"]
        if let basic = request.header("Authorization"), basic.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(basic.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
            let colon = decoded.firstIndex(of: ":")
        {
            clientID = String(decoded[..<colon]).removingPercentEncoding
            clientSecret = String(decoded[decoded.index(after: colon)...]).removingPercentEncoding
        }
        guard clientID == configuration.clientID, clientSecret == configuration.clientSecret else {
            return Self.oauthError(401, "invalid_client", "Unauthorized")
        }
        switch form["grant_type"] {
        case "authorization_code":
            guard let code = form["code"], let stored = codes.removeValue(forKey: code) else {
                return Self.oauthError(400, "invalid_grant", "Malformed auth code.")
            }
            guard stored.expiresAt > Date(), !revokedGrants.contains(stored.grantID) else {
                return Self.oauthError(400, "invalid_grant", "Bad Request")
            }
            guard form["redirect_uri"] == stored.redirectURI else {
                return Self.oauthError(400, "redirect_uri_mismatch", "Bad Request")
            }
            if let challenge = stored.challenge {
                guard let verifier = form["code_verifier"] else {
                    return Self.oauthError(400, "invalid_grant", "Missing code verifier.")
                }
                guard Self.isValidVerifier(verifier), Self.s256(verifier) == challenge else {
                    return Self.oauthError(400, "invalid_grant", "Invalid code verifier.")
                }
            }
            var body: [String: Any] = [
                "access_token": issueAccessToken(email: stored.email, scope: stored.scope, grantID: stored.grantID),
                "expires_in": Int(configuration.accessTokenLifetime), "scope": stored.scope, "token_type": "Bearer",
            ]
            // OpenID Connect: with `openid` granted, an ID token naming the account, signed with the key of
            // `/oauth2/v3/certs` (Google signs ID tokens and push tokens with the same keys).
            if stored.scope.split(separator: " ").contains("openid") {
                let now = Int(Date().timeIntervalSince1970)
                let subject = PubSubPushSigner.numericID(stored.email)
                body["id_token"] = try? pushSigner.sign(claims: [
                    "iss": PubSubPushSigner.issuer, "azp": stored.clientID, "aud": stored.clientID, "sub": subject,
                    "email": stored.email, "email_verified": true, "iat": now, "exp": now + 3600,
                    "name": String(stored.email.prefix { $0 != "@" }),
                ])
            }
            if stored.offline {
                body["refresh_token"] = issueRefreshToken(
                    email: stored.email, clientID: stored.clientID, scope: stored.scope, grantID: stored.grantID)
            }
            return Self.jsonBody(200, body)
        case "refresh_token":
            guard let refresh = form["refresh_token"], let stored = refreshTokens[refresh],
                !revokedGrants.contains(stored.grantID)
            else {
                return Self.oauthError(400, "invalid_grant", "Token has been expired or revoked.")
            }
            guard stored.clientID == clientID else { return Self.oauthError(400, "unauthorized_client", "Unauthorized") }
            let access = issueAccessToken(email: stored.email, scope: stored.scope, grantID: stored.grantID)
            return Self.jsonBody(200, [
                "access_token": access, "expires_in": Int(configuration.accessTokenLifetime), "scope": stored.scope,
                "token_type": "Bearer",
            ])
        case let other:
            return Self.oauthError(400, "unsupported_grant_type", "Invalid grant_type: \(other ?? "")")
        }
    }

    private func revoke(_ request: LocalHTTPRequest) -> LocalHTTPResponse {
        let form = LocalHTTPServer.queryItems(String(decoding: request.body, as: UTF8.self))
        let token = request.queryValue("token") ?? form.first { $0.name == "token" }?.value
        // Revoking either token of a grant revokes the whole grant, as Google does.
        if let token, let grantID = refreshTokens[token]?.grantID ?? accessTokens[token]?.grantID,
            !revokedGrants.contains(grantID)
        {
            revokedGrants.insert(grantID)
            return .json(200, Data("{}".utf8))
        }
        return Self.oauthError(400, "invalid_token", "Token expired or revoked")
    }

    // MARK: Helpers

    private func isRegistered(redirectURI: String) -> Bool {
        if !configuration.redirectURIs.isEmpty { return configuration.redirectURIs.contains(redirectURI) }
        return redirectURI.hasPrefix("http://127.0.0.1") || redirectURI.hasPrefix("http://localhost")
    }

    private func newGrantID() -> Int {
        defer { nextGrantID += 1 }
        return nextGrantID
    }

    private func issueAccessToken(email: String, scope: String, grantID: Int) -> String {
        let token = "ya29.local-" + Self.randomToken(40)
        accessTokens[token] = AccessToken(
            email: email, scope: scope, grantID: grantID,
            expiresAt: Date().addingTimeInterval(configuration.accessTokenLifetime))
        return token
    }

    private func issueRefreshToken(email: String, clientID: String, scope: String, grantID: Int) -> String {
        let token = "1//local-" + Self.randomToken(40)
        refreshTokens[token] = RefreshToken(email: email, clientID: clientID, scope: scope, grantID: grantID)
        return token
    }

    /// BASE64URL(SHA256(ASCII(verifier))), RFC 7636 section 4.2.
    static func s256(_ verifier: String) -> String {
        PubSubPushSigner.base64URL(Data(SHA256.hash(data: Data(verifier.utf8))))
    }

    /// RFC 7636: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~].
    static func isValidVerifier(_ verifier: String) -> Bool {
        (43...128).contains(verifier.count) && verifier.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~".contains($0)) }
    }

    /// An S256 challenge is 43 base64url characters.
    static func isValidChallenge(_ challenge: String) -> Bool {
        challenge.count == 43 && challenge.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }
    }

    static func randomToken(_ length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    static func formEncode(_ items: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return items.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }

    static func oauthError(_ status: Int, _ error: String, _ description: String) -> LocalHTTPResponse {
        jsonBody(status, ["error": error, "error_description": description])
    }

    static func jsonBody(_ status: Int, _ object: [String: Any]) -> LocalHTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return .json(status, data, headers: [("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"), ("Pragma", "no-cache")])
    }

    static func page(_ status: Int, _ text: String) -> LocalHTTPResponse {
        LocalHTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Data("<html><body><p>\(text)</p></body></html>".utf8))
    }
}
