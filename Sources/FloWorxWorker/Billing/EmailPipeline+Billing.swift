import FloWorxCore
import FloWorxStore
import Foundation

/// Plan limits in the email pipeline (issue 15): sorting and escalation always run; drafts and LLM calls stop for a
/// business over its limits or whose subscription is unpaid past its grace period or canceled.
extension EmailPipeline {
    /// Counts the batch's emails into each business's period and returns the admissions (empty without billing).
    /// An email is counted on its first attempt only, so a retried job does not count twice.
    func admitBilling(_ decoded: [(ClaimedJob, EmailMessage)], now: Date) async throws -> [UUID: BillingGate.Admission] {
        guard let billing else { return [:] }
        var emails: [UUID: Int] = [:]
        for (job, _) in decoded {
            emails[job.clientId, default: 0] += job.retryCount == 0 && job.deadLetterId == nil ? 1 : 0
        }
        return try await billing.admit(emails, now: now)
    }

    /// Whether the LLM second opinion may run for `clientId`.
    func billingAllowsLLM(_ clientId: UUID, _ admissions: [UUID: BillingGate.Admission]) -> Bool {
        admissions[clientId]?.entitlement.llmAllowed ?? true
    }

    /// The draft decisions after the plan limits: a blocked business gets none (except, when the email limit is what
    /// blocks it, for the batch's emails still within the limit), and a business with `n` drafts left in its period
    /// gets at most `n` in this batch.
    func billingDraftDecisions(_ items: [(clientId: UUID, decision: DraftDecision)], _ admissions: [UUID: BillingGate.Admission]) -> [DraftDecision] {
        guard !admissions.isEmpty else { return items.map(\.decision) }
        var remaining: [UUID: Int] = [:]
        var position: [UUID: Int] = [:]
        return items.map { clientId, decision in
            let index = position[clientId, default: 0]
            position[clientId] = index + 1
            guard decision.shouldDraft, let admission = admissions[clientId] else { return decision }
            if let block = admission.entitlement.block, !(block == .emailLimit && index < admission.emailsWithinLimit) {
                return DraftDecision(shouldDraft: false, reason: "billing: \(block.rawValue) (plan \(admission.entitlement.plan.id))")
            }
            if let left = remaining[clientId] ?? admission.entitlement.draftsRemaining {
                guard left > 0 else {
                    return DraftDecision(shouldDraft: false, reason: "billing: draft_limit (plan \(admission.entitlement.plan.id))")
                }
                remaining[clientId] = left - 1
            }
            return decision
        }
    }

    /// Records the drafts and tokens written, then tells the owners of blocked businesses (once per period).
    func recordBilling(drafts: [(clientId: UUID, tokens: Int)], _ admissions: [UUID: BillingGate.Admission]) async throws {
        guard let billing, !admissions.isEmpty else { return }
        var used: [UUID: (drafts: Int, tokens: Int)] = [:]
        for draft in drafts {
            used[draft.clientId, default: (0, 0)].drafts += 1
            used[draft.clientId, default: (0, 0)].tokens += draft.tokens
        }
        try await billing.record(used, admissions: admissions)
        await billing.notify(admissions)
    }
}
