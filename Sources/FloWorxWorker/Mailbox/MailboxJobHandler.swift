import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

/// Runs the mailbox jobs (`mailbox.sync`, `mailbox.apply`, `mailbox.renew`, `mailbox.owner`) for Gmail and Outlook.
public struct MailboxJobHandler: JobHandler {
    let services: MailboxServices
    public var kinds: [String] { MailboxJobKind.all }

    public init(database: ServiceDatabase, credentials: CredentialsRepository, configuration: MailboxConfiguration, logger: Logger) {
        let mailboxes = MailboxRepository(database: database)
        let integrations = IntegrationRepository(database: database)
        services = MailboxServices(
            mailboxes: mailboxes, ledger: MailboxLedger(database: database), labels: MailboxLabels(database: database),
            integrations: integrations, ingest: EmailIngestRepository(database: database), queue: JobQueue(database: database),
            tokens: MailboxTokens(credentials: credentials, integrations: integrations, mailboxes: mailboxes, oauth: configuration.oauth,
                                  refreshMargin: configuration.refreshMargin, logger: logger),
            database: database, configuration: configuration, logger: logger
        )
    }

    public func run(_ job: ServiceJob) async throws {
        guard let integrationId = job.integrationId, let mailbox = try await services.mailboxes.mailbox(integrationId) else {
            return // The mailbox was disconnected and deleted: nothing to do.
        }
        guard mailbox.status == "active", !mailbox.paused else { return }
        do {
            switch job.kind {
            case MailboxJobKind.sync:
                if mailbox.provider == "gmail" { try await GmailSync(services: services).run(mailbox) } else { try await OutlookSync(services: services).run(mailbox) }
            case MailboxJobKind.apply:
                // A canceled subscription pauses what FloWorx writes into the mailbox (labels, folders, drafts), with
                // the data kept; mail is still synced, sorted and escalated (issue 15).
                if try await BillingUsageRepository(database: services.database).account(mailbox.clientId)?.status == "canceled" {
                    services.logger.info("write-back skipped: the subscription is canceled", metadata: ["integration": "\(mailbox.integrationId)"])
                    return
                }
                let payload = try JSONDecoder().decode(ApplyPayload.self, from: Data(job.payloadJSON.utf8))
                if mailbox.provider == "gmail" {
                    try await GmailWriteBack(services: services).run(mailbox, payload, attempt: job.attempts)
                } else {
                    try await OutlookWriteBack(services: services).run(mailbox, payload)
                }
            case MailboxJobKind.owner:
                if mailbox.provider == "outlook" { try await OutlookOwnerActions(services: services).run(mailbox) }
            case MailboxJobKind.renew:
                let reason = (try? JSONDecoder().decode(RenewPayload.self, from: Data(job.payloadJSON.utf8)))?.reason
                try await MailboxPush(services: services).renew(mailbox, lastAttempt: job.isLastAttempt, syncAfter: reason != RenewPayload.labels)
            default:
                throw JobError(.fail, "unknown mailbox job kind \(job.kind)")
            }
        } catch is MailboxAccessWithdrawn {
            return
        } catch let error as MailProviderError {
            throw try await services.throttled(mailbox, error)
        } catch let error as JobError {
            if case .fail = error.action { try await recordFailure(mailbox, job, error.message) }
            else if job.isLastAttempt, case .retry = error.action { try await recordFailure(mailbox, job, error.message) }
            throw error
        }
    }

    /// A mailbox job that will not run again leaves an `error_logs` row for the owner and the operator.
    private func recordFailure(_ mailbox: MailboxState, _ job: ServiceJob, _ message: String) async throws {
        try await services.integrations.recordError(
            clientId: mailbox.clientId, type: "mailbox_job_failed", message: "\(job.kind) failed: \(message)", severity: "medium",
            contextJSON: jsonObject(["integration_id": mailbox.integrationId.uuidString.lowercased(), "job_id": job.id.uuidString.lowercased(), "kind": job.kind])
        )
    }
}

/// Why a `mailbox.renew` job runs: absent for the scheduled renewal, `labels` when a new FloWorx label must join
/// the Gmail watch's filter.
struct RenewPayload: Codable {
    static let labels = "labels"
    var reason: String?
}
