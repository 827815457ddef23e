import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

/// Ends FloWorx's access to a connected mailbox at its provider: push stopped (Gmail `users.stop`, the Graph
/// subscription deleted), then the grant revoked where the provider has an endpoint for it (Google; Microsoft has
/// none for this grant, so deleting the tokens is the revocation). Used by the owner's disconnect and by
/// `floworx clients delete`.
public struct MailboxRevocation: Sendable {
    let configuration: MailboxServerConfiguration
    let credentials: CredentialsRepository
    let mailboxes: MailboxRepository

    /// A revocation with the providers' clients of `configuration` and the stored (encrypted) tokens.
    public init(configuration: MailboxServerConfiguration, credentials: CredentialsRepository, mailboxes: MailboxRepository) {
        self.configuration = configuration
        self.credentials = credentials
        self.mailboxes = mailboxes
    }

    /// Stops push and revokes the grant, as far as the provider lets us; returns whether the provider confirmed a
    /// revocation. Failures are logged, not thrown: the caller deletes the tokens either way.
    public func revoke(_ integration: IntegrationRepository.Row, logger: Logger) async -> Bool {
        guard let data = try? await credentials.credentials(integrationId: integration.id),
              let tokens = try? JSONDecoder().decode(OAuthTokens.self, from: data) else { return false }
        let mailbox = try? await mailboxes.mailbox(integration.id)
        do {
            if integration.provider == "gmail" {
                try? await configuration.gmail.stop(accessToken: tokens.accessToken)
                guard let client = configuration.oauth["gmail"] else { return false }
                return try await client.revoke(token: tokens.refreshToken ?? tokens.accessToken)
            }
            if let pushId = mailbox?.pushId { try? await configuration.graph.deleteSubscription(accessToken: tokens.accessToken, id: pushId) }
            return false
        } catch {
            logger.warning("revocation at the provider failed; the tokens are deleted anyway", metadata: ["integration": "\(integration.id)", "error": "\(error)"])
            return false
        }
    }
}
