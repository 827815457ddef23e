import Foundation

extension EmailAnalyzer {
    /// Analyzes `message` as `workflow` says: the loop guard and classification as always, then the steps in order —
    /// business hours, the escalation rules it references, its draft policy, write-back, notifications, custom steps —
    /// until the end or a `stop` whose condition holds. Pure, like `analyze`.
    public func analyze(
        _ message: EmailMessage, profile: ClientProfile, workflow: WorkflowDefinition, senderRecentCounts: [Double: Int] = [:],
        adaptation: TriageAdaptation? = nil, now: Date
    ) -> (EmailAnalysis, WorkflowOutcome) {
        // The loop guard and classification (and the hours' status, kept or dropped below); the rules run at the
        // escalation step, so none here.
        let base = analyze(message, profile: Self.withoutRules(profile), senderRecentCounts: [:], adaptation: adaptation, now: now)
        return apply(workflow, to: base, message: message, profile: profile, senderRecentCounts: senderRecentCounts, now: now)
    }

    /// `profile` with no escalation rules: for the analysis before the workflow's escalation step (and for a
    /// re-analysis whose rules `apply` runs again).
    public static func withoutRules(_ profile: ClientProfile) -> ClientProfile {
        var bare = profile
        bare.rules = []
        return bare
    }

    /// Runs `workflow`'s steps after the classification on an analysis (the classification's result, possibly
    /// changed by a second opinion): the steps not reached leave nothing (no rules, no draft, no filing, no alerts).
    public func apply(
        _ workflow: WorkflowDefinition, to analysis: EmailAnalysis, message: EmailMessage, profile: ClientProfile,
        senderRecentCounts: [Double: Int] = [:], now: Date
    ) -> (EmailAnalysis, WorkflowOutcome) {
        var result = analysis
        result.status = nil
        result.rules = RuleOutcome()
        result.draft = DraftDecision(shouldDraft: false, reason: "workflow: no draft step")
        var outcome = WorkflowOutcome()
        var decided: DraftDecision?
        let category = analysis.classification.category.rawValue
        steps: for (index, step) in workflow.steps.enumerated() {
            switch step {
            case .loopGuard, .classification:
                break
            case .businessHours:
                result.status = analysis.status
            case .escalation(let settings):
                var selected = profile
                if let ids = settings.ruleIds {
                    let wanted = Set(ids)
                    selected.rules = profile.rules.filter { wanted.contains($0.id) }
                }
                let (rules, draft) = decide(
                    message, classification: analysis.classification, preFilter: analysis.preFilter, status: result.status, profile: selected,
                    senderRecentCounts: senderRecentCounts, now: now)
                result.rules = rules
                decided = draft
            case .draft(let settings):
                let policy = decided ?? decide(
                    message, classification: analysis.classification, preFilter: analysis.preFilter, status: result.status,
                    profile: Self.withoutRules(profile), senderRecentCounts: senderRecentCounts, now: now).1
                result.draft = Self.narrow(policy, by: settings, classification: analysis.classification)
            case .writeBack(let settings):
                outcome.writeBack = settings.mode
            case .notifications(let settings):
                outcome.notifications = settings.enabled
            case .webhook(let settings):
                if settings.when?.holds(category: category, escalated: result.escalated) ?? true {
                    outcome.webhooks.append(.init(index: index, step: settings))
                }
            case .forward(let settings):
                if settings.when?.holds(category: category, escalated: result.escalated) ?? true {
                    outcome.forwards.append(.init(index: index, step: settings))
                }
            case .addLabel(let settings):
                if settings.when?.holds(category: category, escalated: result.escalated) ?? true, !outcome.labels.contains(settings.label) {
                    outcome.labels.append(settings.label)
                }
            case .stop(let when):
                if when?.holds(category: category, escalated: result.escalated) ?? true {
                    outcome.stoppedAt = index
                    break steps
                }
            }
        }
        return (result, outcome)
    }

    /// The business's draft decision, narrowed by the workflow's draft step (never widened).
    static func narrow(_ decision: DraftDecision, by settings: WorkflowDraftStep, classification: Classification) -> DraftDecision {
        guard decision.shouldDraft else { return decision }
        if !settings.autoReply { return DraftDecision(shouldDraft: false, reason: "workflow: automatic replies are off") }
        if let categories = settings.categories, !categories.contains(classification.category.rawValue) {
            return DraftDecision(shouldDraft: false, reason: "workflow: category \(classification.category.rawValue) is not drafted")
        }
        if let minimum = settings.minConfidence, classification.confidence < minimum {
            return DraftDecision(
                shouldDraft: false,
                reason: "workflow: confidence \(String(format: "%.2f", classification.confidence)) is below the minimum \(String(format: "%.2f", minimum))")
        }
        return decision
    }
}
