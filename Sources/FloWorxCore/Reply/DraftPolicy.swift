import Foundation

/// Decides whether FloWorx prepares a reply draft for an email.
///
/// The checks run in this order and the first that fails gives the reason:
///
/// 1. **Automated or bulk** (`automated`, from the loop guard): never drafted, emergency or not.
/// 2. **Internal sender** (`classification.senderIsInternal`): never drafted, whatever it says.
/// 3. **A reply suits the email** (`classification.draftAppropriate`). An *emergency* (category URGENT or
///    urgency critical, see `isEmergency`) that the classifier filed elsewhere (a form, a voicemail, MISC…)
///    is still drafted when the message is known and a person to reply to is known (`Correspondent`):
///    an emergency always deserves the safety steps and the emergency line. Mail to the business's
///    suppliers, banking, promotions and recruitment stays undrafted even then.
/// 4. **Auto-reply enabled** (`auto_reply.enabled`; an absent policy means enabled with defaults).
/// 5. **Category enabled** (`auto_reply.categories`, when the client lists some).
/// 6. **A person to reply to**: when the message is given and `From` is a relay or no-reply address, the
///    person must be known from Reply-To or a form's email field; a draft never answers the relay.
/// 7. **Confidence** ≥ `auto_reply.min_confidence` (default 0.60). Emergencies skip this check: a draft a
///    person reviews costs little, a missed emergency reply costs a great deal, and the emergency draft's
///    safety steps are conservative whatever the hazard turns out to be.
/// 8. **No rule blocks it** (an escalation rule with a `block_draft` action).
public enum DraftPolicy {
    /// The minimum classification confidence when `auto_reply.min_confidence` is absent.
    public static let defaultMinConfidence = 0.6

    /// Categories whose mail never comes from a customer in need, so an emergency override never applies.
    static let neverCustomer: Set<Category> = [.manager, .suppliers, .banking, .promo, .recruitment, .subcontractors]

    /// Whether the classification describes an emergency: category URGENT, or urgency critical.
    public static func isEmergency(_ classification: Classification) -> Bool {
        classification.category == .urgent || classification.urgency == .critical
    }

    /// Decides for one email; pass `message` so that relays are answered only through the person behind them
    /// and an emergency filed under a non-drafting category can still be drafted. See the type's documentation.
    public static func decide(
        automated: Bool, classification: Classification, config: ClientConfig, rules: RuleOutcome, message: EmailMessage? = nil
    ) -> DraftDecision {
        let policy = config.autoReply ?? ClientConfig.AutoReplyPolicy(enabled: true)
        let emergency = isEmergency(classification)
        let correspondent = message.map(Correspondent.reach)
        if automated {
            return DraftDecision(shouldDraft: false, reason: "automated or bulk message")
        }
        if classification.senderIsInternal {
            return DraftDecision(shouldDraft: false, reason: "internal sender")
        }
        if !classification.draftAppropriate {
            let overridden = emergency && correspondent?.isReachable == true && !neverCustomer.contains(classification.category)
            if !overridden {
                return DraftDecision(shouldDraft: false, reason: "no reply suits a \(classification.category.rawValue) email")
            }
        }
        if !policy.enabled {
            return DraftDecision(shouldDraft: false, reason: "auto-reply is disabled")
        }
        if let categories = policy.categories, !categories.contains(classification.category) {
            return DraftDecision(shouldDraft: false, reason: "auto-reply is not enabled for \(classification.category.rawValue)")
        }
        if let correspondent, correspondent.senderIsRelay, !correspondent.isReachable {
            return DraftDecision(shouldDraft: false, reason: "sent through a relay with no person to reply to")
        }
        let minimum = policy.minConfidence ?? defaultMinConfidence
        let confident = classification.confidence >= minimum
        if !confident, !emergency {
            return DraftDecision(
                shouldDraft: false,
                reason: "confidence \(format(classification.confidence)) is below the minimum \(format(minimum))"
            )
        }
        if rules.draftBlocked {
            let blockers = rules.matches.filter { $0.actions.contains(.blockDraft) }.map { "\"\($0.ruleName)\"" }
            return DraftDecision(shouldDraft: false, reason: "blocked by rule \(blockers.joined(separator: ", "))")
        }
        if emergency, !confident {
            return DraftDecision(
                shouldDraft: true,
                reason: "emergency: drafted although confidence \(format(classification.confidence)) is below the minimum \(format(minimum))"
            )
        }
        return DraftDecision(shouldDraft: true, reason: emergency && !classification.draftAppropriate ? "emergency: a person to reply to is known" : "draft allowed")
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
