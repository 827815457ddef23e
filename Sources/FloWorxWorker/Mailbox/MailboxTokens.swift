import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging
import Metrics

/// Access tokens of connected mailboxes: refreshed before they expire, one refresh at a time per integration across
/// every process (the integration row's lock), the rotated refresh token stored. A withdrawn grant stops the mailbox
/// (status `error`, sync paused, one `error_logs` row) instead of retrying.
struct MailboxTokens: Sendable {
    let credentials: CredentialsRepository
    let integrations: IntegrationRepository
    let mailboxes: MailboxRepository
    let oauth: [String: OAuthClient]
    let refreshMargin: Duration
    let logger: Logger

    /// A valid access token; `force` refreshes even a token that looks valid (the provider answered 401).
    func accessToken(_ mailbox: MailboxState, force: Bool = false) async throws -> String {
        guard let stored = try await credentials.credentials(integrationId: mailbox.integrationId) else {
            throw JobError(.fail, "integration \(mailbox.integrationId) has no credentials (disconnected)")
        }
        let tokens = try JSONDecoder().decode(OAuthTokens.self, from: stored)
        if !force && !tokens.expires(within: refreshMargin) { return tokens.accessToken }
        guard let client = oauth[mailbox.provider] else {
            throw JobError(.fail, "no OAuth client is configured for \(mailbox.provider); the access token cannot be refreshed")
        }
        let seen = tokens.accessToken
        do {
            let updated = try await credentials.withLockedCredentials(integrationId: mailbox.integrationId) { current in
                guard let current, let locked = try? JSONDecoder().decode(OAuthTokens.self, from: current) else { return nil }
                // Another worker refreshed while this one waited for the lock: use its token.
                if locked.accessToken != seen && !locked.expires(within: refreshMargin) { return nil }
                guard let refreshToken = locked.refreshToken else {
                    throw MailProviderError(kind: .invalidGrant, provider: .googleOAuth, operation: "token.refresh", message: "no refresh token is stored")
                }
                var fresh: OAuthTokens
                do {
                    fresh = try await client.refresh(refreshToken: refreshToken)
                    Self.countRefresh(mailbox, "refreshed")
                } catch let error as MailProviderError {
                    Self.countRefresh(mailbox, error.kind == .invalidGrant ? "invalid_grant" : "failed")
                    throw error
                }
                if fresh.refreshToken == nil { fresh.refreshToken = refreshToken }
                return try JSONEncoder().encode(fresh)
            }
            guard let updated else { throw JobError(.fail, "integration \(mailbox.integrationId) has no credentials") }
            return try JSONDecoder().decode(OAuthTokens.self, from: updated).accessToken
        } catch let error as MailProviderError where error.kind == .invalidGrant {
            try await revokedByProvider(mailbox, error)
            throw MailboxAccessWithdrawn()
        }
    }

    /// Runs `body` with an access token; a 401 refreshes the token and retries once.
    func withToken<T: Sendable>(_ mailbox: MailboxState, _ body: (String) async throws -> T) async throws -> T {
        let token = try await accessToken(mailbox)
        do {
            return try await body(token)
        } catch let error as MailProviderError where error.kind == .unauthorized {
            return try await body(try await accessToken(mailbox, force: true))
        }
    }

    /// `floworx_token_refreshes_total{provider, outcome}` (issue 14's metrics): `refreshed`, `invalid_grant` (the
    /// owner must reconnect) or `failed` (the provider or the network; the job retries).
    static func countRefresh(_ mailbox: MailboxState, _ outcome: String) {
        Counter(label: "floworx_token_refreshes_total", dimensions: [("provider", mailbox.provider), ("outcome", outcome)]).increment()
    }

    /// The grant is gone (consent withdrawn, password changed, token revoked): stop, once, and say how to fix it.
    func revokedByProvider(_ mailbox: MailboxState, _ error: MailProviderError) async throws {
        let previous = try await integrations.setStatus(mailbox.integrationId, "error")
        try await mailboxes.setPaused(mailbox.integrationId, true, reason: "access withdrawn: \(error.code ?? "invalid_grant")")
        guard previous != "error" else { return }
        logger.warning("mailbox access withdrawn; sync paused", metadata: ["integration": "\(mailbox.integrationId)", "code": "\(error.code ?? "")"])
        let context = #"{"integration_id": "\#(mailbox.integrationId.uuidString.lowercased())", "provider": "\#(mailbox.provider)"}"#
        try await integrations.recordError(
            clientId: mailbox.clientId, type: "mailbox_access_withdrawn",
            message: "FloWorx can no longer reach the \(mailbox.provider == "gmail" ? "Gmail" : "Outlook") mailbox \(mailbox.address ?? ""): access was withdrawn or expired. Reconnect it from Settings → Mailbox.",
            severity: "high", contextJSON: context
        )
        try await integrations.recordEvent(clientId: mailbox.clientId, type: "integration_error", dataJSON: context)
    }
}

/// The provider withdrew the grant: the mailbox is paused and the owner was told (`mailbox_access_withdrawn`), so
/// the job that found out ends without an error of its own.
struct MailboxAccessWithdrawn: Error {}
