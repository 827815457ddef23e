import Foundation

/// Decides whether FloWorx prepares a reply draft for an email.
public enum DraftPolicy {
    /// The minimum classification confidence when `auto_reply.min_confidence` is absent.
    public static let defaultMinConfidence = 0.6

    /// draft = !automated && classification.draftAppropriate && policy enabled (absent auto_reply = enabled with defaults)
    ///         && (categories == nil || category ∈ categories) && confidence >= (min_confidence ?? 0.6) && !rules.draftBlocked
    ///
    /// The checks run in that order and the first that fails gives the reason.
    public static func decide(automated: Bool, classification: Classification, config: ClientConfig, rules: RuleOutcome) -> DraftDecision {
        let policy = config.autoReply ?? ClientConfig.AutoReplyPolicy(enabled: true)
        if automated {
            return DraftDecision(shouldDraft: false, reason: "automated or bulk message")
        }
        if !classification.draftAppropriate {
            return DraftDecision(shouldDraft: false, reason: "no reply suits a \(classification.category.rawValue) email")
        }
        if !policy.enabled {
            return DraftDecision(shouldDraft: false, reason: "auto-reply is disabled")
        }
        if let categories = policy.categories, !categories.contains(classification.category) {
            return DraftDecision(shouldDraft: false, reason: "auto-reply is not enabled for \(classification.category.rawValue)")
        }
        let minimum = policy.minConfidence ?? defaultMinConfidence
        if !(classification.confidence >= minimum) {
            return DraftDecision(
                shouldDraft: false,
                reason: "confidence \(format(classification.confidence)) is below the minimum \(format(minimum))"
            )
        }
        if rules.draftBlocked {
            let blockers = rules.matches.filter { $0.actions.contains(.blockDraft) }.map { "\"\($0.ruleName)\"" }
            return DraftDecision(shouldDraft: false, reason: "blocked by rule \(blockers.joined(separator: ", "))")
        }
        return DraftDecision(shouldDraft: true, reason: "draft allowed")
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
