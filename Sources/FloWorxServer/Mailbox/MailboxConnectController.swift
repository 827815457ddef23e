import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PostgresNIO

/// Connecting a mailbox (OAuth 2.0 authorization code with PKCE S256) and disconnecting it:
/// - `POST /api/v1/integrations/{provider}/connect` (signed-in owner): `{"authorization_url": …}` to send the browser to;
/// - `GET /api/v1/integrations/{provider}/callback?code&state` (the provider's redirect): tokens stored encrypted, the
///   mailbox's sync starts from now (plus the backfill window);
/// - `POST /api/v1/integrations/{id}/disconnect` (owner or service key): revoked at the provider, push stopped, tokens
///   deleted, status `revoked`.
/// No response ever carries a token.
struct MailboxConnectController: Sendable {
    let database: Database
    let states: OAuthStateRepository
    let credentials: CredentialsRepository
    let integrations: IntegrationRepository
    let mailboxes: MailboxRepository
    let jobs: JobQueue
    let authenticator: RequestAuthenticator
    let configuration: MailboxServerConfiguration

    static let providers = ["gmail", "outlook"]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("api/v1/integrations/:id/connect") { request, context in await APIError.handle(request) { try await connect(request, context) } }
        router.get("api/v1/integrations/:id/callback") { request, context in await APIError.handle(request) { try await callback(request, context) } }
        router.post("api/v1/integrations/:id/disconnect") { request, context in await APIError.handle(request) { try await disconnect(request, context) } }
    }

    /// The provider named in the path (`/integrations/gmail/connect`: the segment that holds an id elsewhere).
    private func provider(_ context: AppRequestContext) throws -> (String, OAuthClient) {
        guard let name = context.parameters.get("id"), Self.providers.contains(name) else {
            throw APIError(.notFound, "unknown_provider", "the provider must be gmail or outlook")
        }
        guard let client = configuration.oauth[name] else {
            throw APIError(.serviceUnavailable, "provider_not_configured", "\(name) is not configured on this server (see README, Mailbox integrations)")
        }
        return (name, client)
    }

    private func connect(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try await authenticator.authenticateUser(request)
        guard let userId = caller.identity.userId else { throw APIError(.unauthorized, "not_signed_in", "connecting a mailbox requires a signed-in owner") }
        let (name, client) = try provider(context)
        let returnTo = request.uri.queryParameters.get("return_to").map { String($0) }
        if let returnTo, !Self.isLocalPath(returnTo[...]) {
            throw APIError(.badRequest, "invalid_return_to", "return_to must be a path on this site, starting with one /")
        }
        // The plan's mailbox limit, before the owner goes to the provider (the database checks again on the write).
        try await APIError.mappingPlanLimit { try await PlanLimitRepository(database: database.service).checkMailbox(clientId: userId, provider: name) }
        let state = FloWorxIntegrations.Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
        let pkce = PKCE()
        do {
            try await states.start(state: state, userId: userId, clientId: userId, provider: name, verifier: pkce.verifier, returnTo: returnTo, lifetime: configuration.stateLifetime)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
            throw APIError(.conflict, "no_business_profile", "finish onboarding (create the business profile) before connecting a mailbox")
        }
        let url = client.authorizationURL(state: state, challenge: pkce.challenge, loginHint: request.uri.queryParameters.get("login_hint").map { String($0) })
        return APIError.json([
            "provider": name, "authorization_url": url,
            "expires_at": ISO8601.format(Date().addingTimeInterval(Double(configuration.stateLifetime.components.seconds))),
        ], status: .ok)
    }

    private func callback(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (name, client) = try provider(context)
        let query = request.uri.queryParameters
        guard let state = query.get("state"), !state.isEmpty else { throw APIError(.badRequest, "invalid_state", "the state parameter is missing") }
        guard let flow = try await states.consume(state: String(state)), flow.provider == name else {
            throw APIError(.badRequest, "invalid_state", "this sign-in link is unknown, expired or already used; start connecting again")
        }
        do {
            return try await APIError.mappingPlanLimit { try await finish(flow, name: name, client: client, request, context) }
        } catch let error as APIError {
            // A browser that came from the web app goes back there, with the reason, rather than to a JSON page.
            guard let returnTo = flow.returnTo else { throw error }
            context.logger.notice("mailbox connection failed", metadata: ["provider": "\(name)", "code": "\(error.code)"])
            return Self.redirect(returnTo, ["error": error.code, "error_description": error.message, "provider": name])
        }
    }

    /// The part of the callback after the state was accepted: the provider's answer, the code exchange, the mailbox.
    private func finish(_ flow: OAuthStateRepository.Flow, name: String, client: OAuthClient, _ request: Request,
                        _ context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        if let error = query.get("error") {
            let denied = error == "access_denied"
            throw APIError(.badRequest, denied ? "consent_denied" : "provider_refused",
                           denied ? "the mailbox was not connected: access was not granted" : "the provider refused: \(String(error).prefix(100))")
        }
        guard let code = query.get("code"), !code.isEmpty else { throw APIError(.badRequest, "missing_code", "the code parameter is missing") }
        try await PlanLimitRepository(database: database.service).checkMailbox(clientId: flow.clientId, provider: name)
        let tokens: OAuthTokens
        do {
            tokens = try await client.exchange(code: String(code), verifier: flow.verifier)
        } catch {
            throw APIError(.badGateway, "token_exchange_failed", "the provider did not accept the sign-in: \(error.kind.rawValue)")
        }
        let start = try await firstCheckpoint(name, accessToken: tokens.accessToken)
        let integration = try await integrations.integration(clientId: flow.clientId, provider: name)
        _ = try await credentials.store(try JSONEncoder().encode(tokens), integrationId: integration.id)
        let backfill = configuration.backfillWindow == .zero ? nil : Date().addingTimeInterval(-Double(configuration.backfillWindow.components.seconds))
        try await mailboxes.connect(
            integrationId: integration.id, clientId: flow.clientId, provider: name, address: start.address,
            checkpoint: backfill == nil ? start.checkpoint : nil, checkpointSeq: backfill == nil ? start.seq : 0,
            backfillFrom: backfill ?? (name == "outlook" ? Date() : nil)
        )
        let key = integration.id.uuidString.lowercased()
        try await jobs.enqueue([
            NewJob(kind: "mailbox.renew", dedupeKey: key, integrationId: integration.id, clientId: flow.clientId, maxAttempts: 5),
            NewJob(kind: "mailbox.sync", dedupeKey: key, integrationId: integration.id, clientId: flow.clientId),
        ])
        try await integrations.recordEvent(clientId: flow.clientId, type: "integration_connected", dataJSON: #"{"provider": "\#(name)", "integration_id": "\#(key)"}"#)
        context.logger.info("mailbox connected", metadata: ["integration": "\(integration.id)", "provider": "\(name)"])
        if let returnTo = flow.returnTo { return Self.redirect(returnTo, ["connected": name]) }
        return APIError.json(["id": key, "provider": name, "status": "active", "address": start.address as Any? ?? NSNull()] as [String: Any], status: .ok)
    }

    /// Where sync starts: Gmail's current historyId; Outlook starts a delta round (nil).
    private func firstCheckpoint(_ provider: String, accessToken: String) async throws -> (address: String?, checkpoint: String?, seq: Int64) {
        do {
            if provider == "gmail" {
                let profile = try await configuration.gmail.profile(accessToken: accessToken)
                return (profile.emailAddress, profile.historyId, Int64(profile.historyId) ?? 0)
            }
            let me = try await configuration.graph.me(accessToken: accessToken)
            return (me.mail ?? me.userPrincipalName, nil, 0)
        } catch {
            throw APIError(.badGateway, "mailbox_unreachable", "the mailbox could not be read with the granted access: \(error.kind.rawValue)")
        }
    }

    private func disconnect(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try await authenticator.authenticate(request)
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else {
            throw APIError(.badRequest, "invalid_id", "the integration id must be a UUID")
        }
        switch caller.identity.role {
        case .anon: throw APIError(.unauthorized, "not_signed_in", "disconnecting requires a signed-in owner or the service key")
        case .authenticated:
            guard try await CredentialsRepository.isVisible(id, to: database.tenant(caller.identity)) else {
                throw APIError(.notFound, "integration_not_found", "no integration \(id.uuidString.lowercased())")
            }
        case .serviceRole: break
        }
        guard let integration = try await integrations.integration(id) else {
            throw APIError(.notFound, "integration_not_found", "no integration \(id.uuidString.lowercased())")
        }
        let revoked = await revokeAtProvider(integration, context.logger)
        try await mailboxes.setPaused(id, true, reason: "disconnected by the owner")
        try await mailboxes.setPush(id, pushId: nil, secret: nil, expiresAt: nil)
        _ = try await credentials.clear(integrationId: id)
        try await integrations.recordEvent(clientId: integration.clientId, type: "integration_disconnected",
                                           dataJSON: #"{"provider": "\#(integration.provider)", "integration_id": "\#(id.uuidString.lowercased())"}"#)
        return APIError.json(["id": id.uuidString.lowercased(), "provider": integration.provider, "status": "revoked", "revoked_at_provider": revoked], status: .ok)
    }

    /// Stops push and revokes the grant at the provider (`MailboxRevocation`); the tokens are deleted here either way.
    private func revokeAtProvider(_ integration: IntegrationRepository.Row, _ logger: Logger) async -> Bool {
        await MailboxRevocation(configuration: configuration, credentials: credentials, mailboxes: mailboxes).revoke(integration, logger: logger)
    }

    /// A 302 to a local path with the parameters added to its query.
    static func redirect(_ path: String, _ parameters: KeyValuePairs<String, String>) -> Response {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let query = parameters.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return Response(status: .found, headers: [.location: path + (path.contains("?") ? "&" : "?") + query])
    }

    /// A path on this site: `/…` but not `//host` or `/\host` (no open redirect).
    static func isLocalPath(_ value: Substring) -> Bool {
        value.hasPrefix("/") && !value.hasPrefix("//") && !value.hasPrefix("/\\") && !value.contains(where: { $0.isNewline || $0 == "\0" })
    }
}
