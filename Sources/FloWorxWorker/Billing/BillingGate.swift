import FloWorxCore
import FloWorxStore
import Foundation
import Logging
import Synchronization

/// The pipeline's plan-limit check: one statement per batch counts the batch's emails into each business's billing
/// period and reads its subscription (`BillingUsageRepository.countEmailsOnce`), and the entitlement is decided from that
/// (`BillingEntitlement`). After the drafts, one statement adds the drafts and tokens used. When paid work stops, the
/// owner is told once per period and reason (`noticeOnce`, an outbox row written with its marker).
final class BillingGate: Sendable {
    let usage: BillingUsageRepository
    let businesses: DigestRepository
    let enforcement: BillingEnforcement
    let logger: Logger
    /// Notices already recorded by this process (client, period, reason): later batches skip the statement.
    private let noticed = Mutex<Set<String>>([])

    init(database: ServiceDatabase, enforcement: BillingEnforcement, logger: Logger) {
        self.usage = BillingUsageRepository(database: database)
        self.businesses = DigestRepository(database: database)
        self.enforcement = enforcement
        self.logger = logger
    }

    /// A business's entitlement for one batch, with the period its usage is counted in.
    struct Admission: Sendable {
        var entitlement: BillingEntitlement
        var usage: BillingUsage
        /// How many of this batch's emails were still within the period's email limit (all when unlimited): a batch
        /// that crosses the limit drafts for those and stops after them.
        var emailsWithinLimit: Int
    }

    /// Counts `emails` (each once, by its id: a reclaimed or released job's email is not counted again) and returns
    /// each business's admission.
    func admit(_ emails: [(clientId: UUID, emailId: UUID)], now: Date) async throws -> [UUID: Admission] {
        let (accounts, counted) = try await usage.countEmailsOnce(emails)
        var admissions: [UUID: Admission] = [:]
        for (client, account) in accounts {
            let plan = account.planId.flatMap(enforcement.plans.plan(id:)) ?? enforcement.plans.freePlan
            let entitlement = BillingEntitlement.decide(
                plan: plan, status: account.status, pastDueSince: account.pastDueSince, usage: account.usage,
                gracePeriod: enforcement.gracePeriod, now: now)
            let before = account.usage.emails - (counted[client] ?? 0)
            let within = plan.limits.emailsPerMonth.map { max(0, $0 - before) } ?? Int.max
            admissions[client] = Admission(entitlement: entitlement, usage: account.usage, emailsWithinLimit: within)
        }
        return admissions
    }

    /// Adds the drafts and LLM tokens a batch used.
    func record(_ used: [UUID: (drafts: Int, tokens: Int)], admissions: [UUID: Admission]) async throws {
        let rows = used.compactMap { client, used -> (clientId: UUID, periodStart: Date, periodEnd: Date, drafts: Int, llmTokens: Int)? in
            guard let admission = admissions[client], used.drafts > 0 || used.tokens > 0 else { return nil }
            return (client, admission.usage.periodStart, admission.usage.periodEnd, used.drafts, used.tokens)
        }
        try await usage.add(rows)
    }

    /// Tells the owner of each blocked business, once per period and reason.
    func notify(_ admissions: [UUID: Admission]) async {
        for (client, admission) in admissions {
            guard let block = admission.entitlement.block else { continue }
            let key = "\(client)|\(admission.usage.periodStart.timeIntervalSince1970)|\(block.rawValue)"
            guard !noticed.withLock({ $0.contains(key) }) else { continue }
            do {
                let business = try await businesses.business(client)
                let recipients = business.map {
                    DigestRecipients.resolve(managers: $0.managers, contactEmail: $0.contactEmail, accountEmail: $0.accountEmail)
                } ?? []
                let content = BillingNotice.content(block, plan: admission.entitlement.plan, business: business?.name ?? "")
                let json: [String: JSONValue] = [
                    "kind": .string(NotificationKind.summary.rawValue), "subject": .string(content.subject), "text": .string(content.text),
                    "billing": .string(block.rawValue),
                ]
                let contentJSON = String(decoding: try JSONCoding.encoder().encode(json), as: UTF8.self)
                let recorded = try await usage.noticeOnce(
                    clientId: client, periodStart: admission.usage.periodStart, reason: block.rawValue,
                    recipients: recipients.map { .init(email: $0.email, name: $0.name) }, contentJSON: contentJSON)
                noticed.withLock { _ = $0.insert(key) }
                if recorded {
                    logger.info("billing: drafts paused; owner notified", metadata: ["client": "\(client)", "reason": "\(block.rawValue)", "recipients": "\(recipients.count)"])
                }
            } catch {
                // The notice is retried with the next batch; the limit itself is already enforced.
                logger.warning("billing notice failed", metadata: ["client": "\(client)", "error": "\(error)"])
            }
        }
    }
}
