import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A local Microsoft identity platform (v2.0 endpoints) for the authorization-code flow with PKCE:
/// `GET /{tenant}/oauth2/v2.0/authorize` answers 302 to the redirect URI with `code` and `state` (the user
/// consented), and `POST /{tenant}/oauth2/v2.0/token` redeems codes (checking the S256 `code_verifier`) and refresh
/// tokens, rotating the refresh token on every refresh as Microsoft does; with `openid` the code exchange also answers
/// a signed `id_token`, whose key is at `GET /{tenant}/discovery/v2.0/keys`. Errors are Microsoft's JSON with AADSTS
/// codes (`invalid_grant` 65001 after consent is withdrawn, 501481 on a PKCE mismatch, 54005 for a reused code...).
///
/// Access tokens are issued by (and accepted by) the `LocalGraphServer` given at creation.
public final class LocalMicrosoftOAuth: Sendable {
    /// The settings the server runs with.
    public let configuration: LocalMicrosoftOAuthConfiguration
    /// The Graph server whose mailboxes sign in and which accepts the access tokens.
    public let graph: LocalGraphServer
    let store: MicrosoftOAuthStore
    /// Signs ID tokens; its public key is served at `/{tenant}/discovery/v2.0/keys`.
    let signer: PubSubPushSigner
    /// The directory (tenant) id in ID tokens' `tid` and issuer (Microsoft's id of personal accounts).
    public static let tenantID = "9188040d-6c67-4c5b-b112-36a304b66dad"
    private let running = Mutex<(task: Task<Void, any Error>?, group: ServiceGroup?, origin: String?)>((nil, nil, nil))

    /// Creates a stopped server issuing tokens for `graph`'s mailboxes.
    public init(graph: LocalGraphServer, configuration: LocalMicrosoftOAuthConfiguration = LocalMicrosoftOAuthConfiguration()) {
        self.graph = graph
        self.configuration = configuration
        self.store = MicrosoftOAuthStore(configuration: configuration)
        // Generating a 2048-bit RSA key does not fail on a working system.
        self.signer = try! PubSubPushSigner()
    }

    /// The issuer of this server's ID tokens: `<origin>/<tid>/v2.0`, as Microsoft's are
    /// `https://login.microsoftonline.com/<tid>/v2.0`.
    public var issuer: String { "\(origin ?? "")/\(Self.tenantID)/v2.0" }

    /// `http://127.0.0.1:<port>` once started (Microsoft's is `https://login.microsoftonline.com`).
    public var origin: String? { running.withLock { $0.origin } }

    /// The authorize endpoint for a tenant (`common`, `organizations`, `consumers` or a tenant id).
    public func authorizeURL(tenant: String = "common") -> String { "\(origin ?? "")/\(tenant)/oauth2/v2.0/authorize" }

    /// The token endpoint for a tenant.
    public func tokenURL(tenant: String = "common") -> String { "\(origin ?? "")/\(tenant)/oauth2/v2.0/token" }

    /// Starts listening (port 0: ephemeral) and returns the origin, `http://<host>:<port>`. Also makes the Graph
    /// server's `POST /me/revokeSignInSessions` revoke this server's refresh tokens for the user.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> String {
        if let origin { return origin }
        let store = self.store
        await graph.onRevokeSignInSessions { email in await store.revokeSessions(email: email) }
        var logger = Logger(label: "local-microsoft-oauth")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let responder = CallbackResponder<BasicRequestContext> { [self] request, _ in await self.respond(request) }
        let app = Application(
            responder: responder, configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            task.cancel()
            throw LocalGraphError("the local Microsoft OAuth server did not start")
        }
        let origin = "http://\(host):\(bound)"
        running.withLock { $0 = (task, group, origin) }
        return origin
    }

    /// Stops listening.
    public func stop() async {
        let (task, group) = running.withLock { state -> (Task<Void, any Error>?, ServiceGroup?) in
            defer { state = (nil, nil, nil) }
            return (state.task, state.group)
        }
        // A graceful shutdown: in-flight requests finish, idle connections close, nothing is logged as an error.
        await group?.triggerGracefulShutdown()
        _ = try? await task?.value
    }

    // MARK: Control

    /// Registers an application (client id, secret, redirect URIs).
    public func register(_ app: MicrosoftOAuthApp) async { await store.register(app) }

    /// The user the next `/authorize` without `login_hint` signs in as (`nil`: the request must name one).
    public func signInNext(as email: String?) async { await store.setNextUser(email) }

    /// The user declines the next consent: `/authorize` redirects with `error=access_denied` (AADSTS65004).
    public func declineNextConsent() async { await store.setDeclineNext() }

    /// The user withdraws consent for one app (or all): their next refresh gets `invalid_grant` AADSTS65001
    /// (`suberror` `consent_required`).
    public func revokeConsent(email: String, clientId: String? = nil) async {
        await store.withdrawConsent(email: email, clientId: clientId)
    }

    /// Revokes the user's sessions (as `revokeSignInSessions` or a password reset): refresh tokens issued before
    /// now get `invalid_grant` AADSTS50173.
    public func revokeSignInSessions(email: String) async { await store.revokeSessions(email: email) }

    /// Calls per endpoint and grant (`authorize`, `token.authorization_code`, `token.refresh_token`, `token.error`).
    public func counters() async -> [String: Int] { await store.counters }

    /// Refresh tokens of the user that still work (not yet replaced by a rotation).
    public func liveRefreshTokens(email: String) async -> Int { await store.liveRefreshTokens(email: email) }

    // MARK: Serving

    private func respond(_ request: Request) async -> Response {
        let parts = request.uri.path.split(separator: "/").map(String.init)
        if request.method == .get, parts.count == 4, parts[1] == "discovery", parts[2] == "v2.0", parts[3] == "keys" {
            return Self.json(200, (try? signer.jwksJSON()) ?? Data("{\"keys\":[]}".utf8))
        }
        guard parts.count == 4, parts[1] == "oauth2", parts[2] == "v2.0" else {
            return Self.text(404, "Not Found")
        }
        switch (request.method, parts[3]) {
        case (.get, "authorize"): return await authorize(GraphRequest.query(request.uri.query.map { $0.replacingOccurrences(of: "+", with: "%20") }))
        case (.post, "token"):
            let body = (try? await request.body.collect(upTo: 1024 * 1024)).map { String(buffer: $0) } ?? ""
            let form = GraphRequest.query(body.replacingOccurrences(of: "+", with: "%20"))
            return await token(form, authorization: request.headers[.authorization])
        default: return Self.text(405, "Method Not Allowed")
        }
    }

    private func authorize(_ query: [String: String]) async -> Response {
        await store.count("authorize")
        guard let clientId = query["client_id"], let app = await store.app(clientId) else {
            return Self.text(400, "AADSTS700016: Application with identifier '\(query["client_id"] ?? "")' was not found in the directory.")
        }
        guard let redirect = query["redirect_uri"], app.redirectURIs.contains(redirect) else {
            return Self.text(400, "AADSTS50011: The redirect URI '\(query["redirect_uri"] ?? "")' specified in the request does not match the redirect URIs configured for the application '\(clientId)'.")
        }
        let state = query["state"]
        func fail(_ error: String, _ description: String) -> Response {
            var items = [URLQueryItem(name: "error", value: error), URLQueryItem(name: "error_description", value: description)]
            if let state { items.append(URLQueryItem(name: "state", value: state)) }
            return Self.redirect(redirect, items)
        }
        guard query["response_type"] == "code" else {
            return fail("unsupported_response_type", "AADSTS70005: response_type '\(query["response_type"] ?? "")' is not enabled for the application.")
        }
        guard let scope = query["scope"], !scope.isEmpty else {
            return fail("invalid_request", "AADSTS900144: The request body must contain the following parameter: 'scope'.")
        }
        let challenge = query["code_challenge"]
        let method = query["code_challenge_method"] ?? "plain"
        if challenge == nil, configuration.requirePKCE {
            return fail("invalid_request", "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.")
        }
        guard method == "S256" || method == "plain" else {
            return fail("invalid_request", "AADSTS50149: Invalid Code_Challenge_method parameter.")
        }
        if await store.takeDecline() {
            return fail("access_denied", "AADSTS65004: User declined to consent to access the app.")
        }
        let fallbackUser = await store.takeNextUser()
        guard let email = query["login_hint"] ?? fallbackUser, await graph.mailboxExists(email: email) else {
            return fail("invalid_request", "AADSTS50034: The user account \(query["login_hint"] ?? "") does not exist in the directory.")
        }
        let scopes = scope.split(separator: " ").map(String.init)
        let code = await store.issueCode(clientId: clientId, email: email, redirectURI: redirect, scopes: scopes, challenge: challenge, method: method)
        var items = [URLQueryItem(name: "code", value: code)]
        if let state { items.append(URLQueryItem(name: "state", value: state)) }
        return Self.redirect(redirect, items)
    }

    private func token(_ form: [String: String], authorization: String?) async -> Response {
        do {
            var clientId = form["client_id"]
            var secret = form["client_secret"]
            if let authorization, authorization.lowercased().hasPrefix("basic "),
               let decoded = Data(base64Encoded: String(authorization.dropFirst(6))).flatMap({ String(data: $0, encoding: .utf8) }),
               let colon = decoded.firstIndex(of: ":") {
                clientId = String(decoded[..<colon]).removingPercentEncoding
                secret = String(decoded[decoded.index(after: colon)...]).removingPercentEncoding
            }
            guard let clientId else { throw MicrosoftOAuthError.missing("client_id") }
            guard let app = await store.app(clientId) else { throw MicrosoftOAuthError.unknownClient(clientId) }
            if let expected = app.clientSecret {
                guard let secret else { throw MicrosoftOAuthError.missingSecret }
                guard secret == expected else { throw MicrosoftOAuthError.badSecret(clientId) }
            }
            guard let grant = form["grant_type"] else { throw MicrosoftOAuthError.missing("grant_type") }
            let email: String
            let scopes: [String]
            switch grant {
            case "authorization_code":
                guard let code = form["code"] else { throw MicrosoftOAuthError.missing("code") }
                (email, scopes) = try await store.redeem(code: code, clientId: clientId, redirectURI: form["redirect_uri"], verifier: form["code_verifier"])
            case "refresh_token":
                guard let refresh = form["refresh_token"] else { throw MicrosoftOAuthError.missing("refresh_token") }
                (email, scopes) = try await store.useRefresh(refresh, clientId: clientId)
            default:
                throw MicrosoftOAuthError.unsupportedGrant(grant)
            }
            await store.count("token.\(grant)")
            let access = await graph.issueAccessToken(email: email, lifetime: configuration.accessTokenLifetime)
            let seconds = Int(configuration.accessTokenLifetime.components.seconds)
            var object: [String: Any] = [
                "token_type": "Bearer",
                "scope": scopes.filter { $0 != "offline_access" }.joined(separator: " "),
                "expires_in": seconds,
                "ext_expires_in": seconds,
                "access_token": access,
            ]
            // OpenID Connect: with `openid`, an ID token as Microsoft's v2.0 endpoint issues it; `xms_edov` says the
            // email's domain is verified by its owner (what GoTrue requires before trusting `email`).
            if grant == "authorization_code", scopes.contains("openid") {
                let now = Int(Date().timeIntervalSince1970)
                object["id_token"] = try? signer.sign(claims: [
                    "ver": "2.0", "iss": issuer, "aud": clientId, "tid": Self.tenantID, "sub": "ms-" + PubSubPushSigner.numericID(email),
                    "email": email, "preferred_username": email, "xms_edov": true, "iat": now, "nbf": now, "exp": now + 3600,
                    "name": String(email.prefix { $0 != "@" }),
                ])
            }
            if let refresh = await store.issueRefresh(clientId: clientId, email: email, scopes: scopes) { object["refresh_token"] = refresh }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])) ?? Data()
            return Self.json(200, data)
        } catch let error as MicrosoftOAuthError {
            await store.count("token.error")
            return Self.json(error.status, error.body())
        } catch {
            return Self.json(500, Data("{}".utf8))
        }
    }

    static func headers(_ contentType: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        fields[.cacheControl] = "no-store, no-cache"
        fields[HTTPField.Name("Pragma")!] = "no-cache"
        return fields
    }

    static func json(_ status: Int, _ data: Data) -> Response {
        Response(status: .init(code: status), headers: headers("application/json; charset=utf-8"),
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ status: Int, _ message: String) -> Response {
        Response(status: .init(code: status), headers: headers("text/plain; charset=utf-8"),
                 body: .init(byteBuffer: ByteBuffer(string: message)))
    }

    static func redirect(_ target: String, _ items: [URLQueryItem]) -> Response {
        var components = URLComponents(string: target) ?? URLComponents()
        components.queryItems = (components.queryItems ?? []) + items
        // URLComponents leaves '+' alone; form decoders read it as a space.
        let location = (components.string ?? target).replacingOccurrences(of: "+", with: "%2B")
        var fields = headers("text/html; charset=utf-8")
        fields[.location] = location
        return Response(status: .found, headers: fields)
    }
}
