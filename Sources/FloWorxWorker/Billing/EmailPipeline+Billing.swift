import FloWorxCore
import FloWorxStore
import Foundation

/// Plan limits in the email pipeline (issue 15): sorting and escalation always run; drafts and LLM calls stop for a
/// business over its limits or whose subscription is unpaid past its grace period or canceled.
extension EmailPipeline {
    /// Counts the batch's emails into each business's period and returns the admissions (empty without billing).
    /// Each email is counted once, by its email log id (the job's id without one), whatever the attempt: a job
    /// reclaimed after a crash or handed back at shutdown does not count its email again. A dead-letter replay
    /// without an email log is not counted (its id is new, its email is not).
    func admitBilling(_ decoded: [(ClaimedJob, EmailMessage)], now: Date) async throws -> [UUID: BillingGate.Admission] {
        guard let billing else { return [:] }
        let emails = decoded.compactMap { job, _ -> (clientId: UUID, emailId: UUID)? in
            if let log = job.emailLogId { return (job.clientId, log) }
            return job.deadLetterId == nil ? (job.clientId, job.id) : nil
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
