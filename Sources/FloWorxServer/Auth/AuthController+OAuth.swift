import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import Logging

/// GoTrue's OAuth sign-in: `GET /authorize?provider=google|azure` sends the browser to the provider (with a single-use,
/// expiring `state` and FloWorx's own PKCE), `GET /callback` exchanges the provider's code, reads the verified email
/// from the signed ID token, finds, links or creates the user, and redirects to `redirect_to` — with the session in
/// the fragment (implicit flow) or, when the client sent `code_challenge` (GoTrue's PKCE flow), with `?code=` that
/// the client exchanges once at `POST /token?grant_type=pkce` with its `code_verifier`.
extension AuthController {
    func addOAuthRoutes(to group: RouterGroup<AppRequestContext>) {
        // Opened by the browser, without an API key (as GoTrue's gateway routes them).
        group.get("authorize") { request, _ in await handle { try await authorize(request) } }
        group.get("callback") { request, context in await handle { try await oauthCallback(request, context) } }
    }

    private var oauth: OAuthSignInConfiguration { configuration.oauth }

    // MARK: Authorize

    private func authorize(_ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        let provider = try enabledProvider(parameters.get("provider"))
        let (challenge, method) = try clientChallenge(parameters.get("code_challenge"), parameters.get("code_challenge_method"))
        let redirectTo = try allowedRedirect(parameters.get("redirect_to"), request)
        let scopes = try requestedScopes(parameters.get("scopes"), provider: provider)
        let callback = try linkBase(request) + "/auth/v1/callback"
        // 192 random bits; only its hash is stored.
        let state = AuthRepository.newRefreshToken().token
        let verifier = PKCE()
        try await users.oauthSignIn.start(
            state: state, provider: provider.name, providerVerifier: verifier.verifier, redirectTo: redirectTo, codeChallenge: challenge,
            codeChallengeMethod: method, lifetimeSeconds: oauth.flowLifetimeSeconds)
        var endpoint = provider.oauth
        endpoint.redirectURI = callback
        endpoint.scopes = scopes
        // Provider parameters a client may pass through (supabase-js `queryParams`), never those FloWorx sets.
        for name in Self.passThroughParameters {
            if let value = parameters.get(name), !value.isEmpty, value.utf8.count <= 320 { endpoint.extraAuthorizationParameters[name] = value }
        }
        let loginHint = endpoint.extraAuthorizationParameters.removeValue(forKey: "login_hint")
        var headers = HTTPFields()
        headers[.location] = OAuthClient(provider: endpoint).authorizationURL(state: state, challenge: verifier.challenge, loginHint: loginHint)
        headers[.cacheControl] = "no-store"
        return Response(status: .found, headers: headers)
    }

    /// Query parameters of `/authorize` handed on to the provider (GoTrue forwards the client's extra parameters).
    static let passThroughParameters = ["login_hint", "prompt", "access_type", "hd", "domain_hint"]

    /// The enabled provider named `name`; GoTrue's 400s otherwise.
    private func enabledProvider(_ name: String?) throws -> OAuthSignInProvider {
        let name = (name ?? "").lowercased()
        if let provider = oauth.providers[name] { return provider }
        if OAuthSignInConfiguration.goTrueProviders.contains(name) {
            throw GoTrueError(status: .badRequest, errorCode: "provider_disabled", message: "Unsupported provider: Provider is not enabled")
        }
        throw GoTrueError(status: .badRequest, errorCode: "validation_failed",
                          message: "Unsupported provider: provider \(String(name.prefix(64).filter { $0.isLetter || $0.isNumber || $0 == "_" })) could not be found (enabled: \(oauth.providers.keys.sorted().joined(separator: ", ")))")
    }

    /// GoTrue's PKCE parameters: both or neither; method `s256` or `plain` (any case); a challenge of 43-128
    /// characters of RFC 7636's alphabet.
    private func clientChallenge(_ challenge: String?, _ method: String?) throws -> (String?, String?) {
        let challenge = challenge.flatMap { $0.isEmpty ? nil : $0 }
        let method = method.flatMap { $0.isEmpty ? nil : $0.lowercased() }
        switch (challenge, method) {
        case (nil, nil):
            return (nil, nil)
        case (let challenge?, let method?):
            guard method == "s256" || method == "plain" else {
                throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "code_challenge_method: code challenge method not supported (s256 or plain)")
            }
            guard PKCE.isValidVerifier(challenge) else {
                throw GoTrueError(status: .badRequest, errorCode: "validation_failed",
                                  message: "code_challenge: code challenge has to be between 43 and 128 characters of [A-Za-z0-9-._~]")
            }
            return (challenge, method)
        default:
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "PKCE flow requires code_challenge_method and code_challenge")
        }
    }

    /// `redirect_to` when its origin is allowed (the site URL, the public URL, `FLOWORX_AUTH_REDIRECT_URLS`); without
    /// one, the site URL. Anything else is refused: an OAuth sign-in must never hand a session to a foreign site.
    private func allowedRedirect(_ requested: String?, _ request: Request) throws -> String {
        guard let requested, !requested.isEmpty else {
            guard let fallback = links.redirect(nil) ?? links.base(for: request) else { return try linkBase(request) }
            return fallback
        }
        // Without a public URL, FloWorx answers only on a loopback host (`AuthLinks.base`): that origin is its own.
        let own = links.base(for: request).flatMap(AuthLinks.origin(of:))
        guard requested.utf8.count <= 2048, links.redirect(requested) == requested || (own != nil && AuthLinks.origin(of: requested) == own) else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed",
                              message: "redirect_to: not an allowed redirect URL (its origin must be the site URL or in FLOWORX_AUTH_REDIRECT_URLS)")
        }
        return requested
    }

    /// The provider's default scopes and the request's `scopes` (space-separated, RFC 6749 scope tokens).
    private func requestedScopes(_ text: String?, provider: OAuthSignInProvider) throws -> [String] {
        let extra = (text ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard (text ?? "").utf8.count <= 1000,
              extra.allSatisfy({ $0.unicodeScalars.allSatisfy { $0.value >= 0x21 && $0.value <= 0x7E && $0 != "\"" && $0 != "\\" } })
        else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "scopes: space-separated scope names of at most 1000 characters")
        }
        var scopes = provider.defaultScopes
        for scope in extra where !scopes.contains(scope) { scopes.append(scope) }
        return scopes
    }

    // MARK: Callback

    /// A failure after the flow is known: it goes back to the client's `redirect_to`, as GoTrue sends it.
    private struct CallbackFailure: Error {
        var error: String
        var errorCode: String
        var description: String
    }

    private func oauthCallback(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        guard let state = parameters.get("state"), !state.isEmpty else {
            throw GoTrueError(status: .badRequest, errorCode: "bad_oauth_callback", message: "OAuth state parameter missing")
        }
        guard state.utf8.count <= 512, let flow = try await users.oauthSignIn.consume(state: state) else {
            throw GoTrueError(status: .badRequest, errorCode: "bad_oauth_state", message: "OAuth state parameter is invalid, expired or already used")
        }
        do {
            return try await completeSignIn(flow, parameters: parameters, request: request, context: context)
        } catch let failure as CallbackFailure {
            logger.notice("oauth sign-in failed", metadata: ["provider": "\(flow.provider)", "error_code": "\(failure.errorCode)"])
            return Self.redirect(flow.redirectTo, pkce: flow.codeChallenge != nil, [
                ("error", failure.error), ("error_code", failure.errorCode), ("error_description", failure.description),
            ])
        }
    }

    private func completeSignIn(_ flow: OAuthSignInRepository.Flow, parameters: Parameters, request: Request, context: AppRequestContext) async throws -> Response {
        if let error = parameters.get("error") {
            throw CallbackFailure(error: error == "access_denied" ? "access_denied" : "server_error", errorCode: "bad_oauth_callback",
                                  description: String((parameters.get("error_description") ?? error).prefix(300)))
        }
        guard let code = parameters.get("code"), !code.isEmpty, code.utf8.count <= 4096 else {
            throw CallbackFailure(error: "invalid_request", errorCode: "bad_oauth_callback", description: "OAuth callback with missing authorization code")
        }
        guard let provider = oauth.providers[flow.provider] else {
            throw CallbackFailure(error: "invalid_request", errorCode: "provider_disabled", description: "Unsupported provider: Provider is not enabled")
        }
        var endpoint = provider.oauth
        endpoint.redirectURI = try linkBase(request) + "/auth/v1/callback"
        let tokens: OAuthTokens
        do {
            tokens = try await OAuthClient(provider: endpoint).exchange(code: code, verifier: flow.providerVerifier)
        } catch {
            logger.warning("oauth code exchange failed", metadata: ["provider": "\(provider.name)", "error": "\(error)"])
            let refused = [.invalidGrant, .badRequest, .unauthorized, .forbidden].contains(error.kind)
            throw CallbackFailure(error: refused ? "invalid_request" : "server_error", errorCode: refused ? "bad_oauth_callback" : "unexpected_failure",
                                  description: refused ? "The provider refused the authorization code" : "The provider could not be reached; try again")
        }
        guard let idToken = tokens.idToken else {
            throw CallbackFailure(error: "server_error", errorCode: "unexpected_failure", description: "The provider returned no ID token (scope openid)")
        }
        let account: OAuthIDTokenVerifier.Account
        do {
            account = try await provider.idTokens.verify(idToken)
        } catch {
            logger.warning("oauth id token refused", metadata: ["provider": "\(provider.name)", "reason": "\(error.message)"])
            throw CallbackFailure(error: "invalid_request", errorCode: "bad_oauth_callback", description: "The provider's ID token is not valid")
        }
        guard let rawEmail = account.email, let email = try? validEmail(rawEmail) else {
            throw CallbackFailure(error: "server_error", errorCode: "unexpected_failure", description: "Error getting user email from external provider")
        }
        guard account.emailVerified else {
            throw CallbackFailure(error: "access_denied", errorCode: "provider_email_needs_verification",
                                  description: "The email address at \(provider.name) is not verified")
        }
        var identity: [String: Any] = [
            "iss": account.issuer, "sub": account.subject, "provider_id": account.subject, "email": email, "email_verified": true,
            "phone_verified": false,
        ]
        if let name = account.name { identity["name"] = name; identity["full_name"] = name }
        if let picture = account.picture { identity["picture"] = picture; identity["avatar_url"] = picture }
        let signIn = try await users.oauthSignIn.signIn(
            .init(provider: provider.name, providerId: account.subject, email: email, identityDataJSON: try jsonText(identity)),
            allowSignup: configuration.signupEnabled)
        guard case .user(let user, let created) = signIn else {
            throw CallbackFailure(error: "access_denied", errorCode: "signup_disabled", description: "Signups not allowed for this instance")
        }
        logger.info("oauth sign-in", metadata: ["provider": "\(provider.name)", "user": "\(user.id)", "created": "\(created)"])
        if flow.codeChallenge != nil {
            let authCode = UUID().uuidString.lowercased()
            try await users.oauthSignIn.issueAuthCode(flowId: flow.id, userId: user.id, code: authCode, lifetimeSeconds: oauth.flowLifetimeSeconds)
            return Self.redirect(flow.redirectTo, pkce: true, [("code", authCode)])
        }
        let session = try await startSession(for: user, request: request, context: context)
        return Self.redirect(flow.redirectTo, pkce: false, [
            ("access_token", session["access_token"] as? String ?? ""), ("expires_at", "\(session["expires_at"] ?? "")"),
            ("expires_in", "\(session["expires_in"] ?? "")"), ("provider_type", provider.name),
            ("refresh_token", session["refresh_token"] as? String ?? ""), ("token_type", "bearer"),
        ])
    }

    /// A 302 to `target` with `pairs` in the query (PKCE flow) or the fragment (implicit flow, so tokens never reach
    /// a server's logs).
    private static func redirect(_ target: String, pkce: Bool, _ pairs: [(String, String)]) -> Response {
        let base = target.split(separator: "#", maxSplits: 1).first.map(String.init) ?? target
        let location = pkce ? base + (base.contains("?") ? "&" : "?") + formEncoded(pairs) : base + "#" + formEncoded(pairs)
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .found, headers: headers)
    }

    // MARK: PKCE grant

    /// `POST /token?grant_type=pkce` with `{auth_code, code_verifier}`: the session of the flow's user, once.
    func pkceGrant(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let body = try await JSONObjectBody(request)
        guard let code = body.string("auth_code"), !code.isEmpty, let verifier = body.string("code_verifier"), !verifier.isEmpty else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "invalid request: both auth code and code verifier should be non-empty")
        }
        // A malformed verifier is refused before the code is used up (it cannot be anyone's verifier).
        guard PKCE.isValidVerifier(verifier) else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "code_verifier: 43 to 128 characters of [A-Za-z0-9-._~]")
        }
        guard code.utf8.count <= 128 else { throw Self.flowStateNotFound }
        switch try await users.oauthSignIn.redeemAuthCode(code) {
        case .notFound:
            throw Self.flowStateNotFound
        case .expired:
            throw GoTrueError(status: .badRequest, errorCode: "flow_state_expired", message: "Flow state has expired; sign in again")
        case .redeemed(let userId, let challenge, let method):
            let computed = method == "s256" ? PKCE.challenge(for: verifier) : verifier
            guard computed == challenge else {
                throw GoTrueError(status: .forbidden, errorCode: "bad_code_verifier", message: "code challenge does not match previously saved code verifier")
            }
            guard let user = try await users.user(id: userId) else { throw Self.userNotFound }
            return GoTrueJSON.response(try await startSession(for: user, request: request, context: context))
        }
    }

    private static var flowStateNotFound: GoTrueError {
        GoTrueError(status: .notFound, errorCode: "flow_state_not_found", message: "invalid flow state, no valid flow state found")
    }
}
