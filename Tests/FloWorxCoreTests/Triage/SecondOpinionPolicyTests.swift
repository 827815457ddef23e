import Foundation
import Testing

@testable import FloWorxCore

/// When the LLM is asked, and how its answer is merged (the policy of docs/triage.md, "Second opinion").
@Suite("Second opinion policy")
struct SecondOpinionPolicyTests {
    let policy = SecondOpinionPolicy()
    let hvac: Set<String> = ["URGENT", "SALES", "SUPPORT", "MANAGER", "SUPPLIERS", "BANKING", "FORMSUB", "GOOGLE_REVIEW", "PHONE",
                             "RECRUITMENT", "PROMO", "SOCIALMEDIA", "MISC", "MAINTENANCE"]

    func offline(_ category: String, _ urgency: String = "normal", escalate: Bool = false, confidence: Double = 0.4, rule: Bool = false) -> SecondOpinionPolicy.Offline {
        .init(category: category, urgency: urgency, escalate: escalate, confidence: confidence, decidedByRule: rule)
    }

    func opinion(_ category: String, _ urgency: String = "normal", escalate: Bool = false, confidence: Double = 0.9, safety: String = "") -> SecondOpinionPolicy.Opinion {
        .init(category: category, urgency: urgency, escalate: escalate, confidence: confidence, safetyReason: safety, reason: "test")
    }

    @Test("asked below the threshold only, never for structural rule decisions")
    func whenToAsk() {
        #expect(policy.shouldAsk(offline("MISC", confidence: 0.54)))
        #expect(!policy.shouldAsk(offline("MISC", confidence: 0.55)))
        #expect(!policy.shouldAsk(offline("MANAGER", confidence: 0.1)))
        #expect(!policy.shouldAsk(offline("MISC", confidence: 0.1, rule: true)))
        #expect(SecondOpinionPolicy(askBelowConfidence: 0.9).shouldAsk(offline("SALES", confidence: 0.8)))
    }

    @Test("a confident, allowed category replaces the offline one")
    func takesCategory() {
        let merged = policy.merge(offline: offline("MISC"), opinion: opinion("SUPPORT", confidence: 0.85), allowedCategories: hvac)
        #expect(merged.category == "SUPPORT")
        #expect(merged.confidence == 0.85)
        #expect(merged.categoryChanged && merged.changed)
        #expect(merged.reasons.first?.hasPrefix("second opinion: category MISC → SUPPORT") == true)
    }

    @Test("the category stays when the LLM is unsure, not allowed for the industry, MANAGER, the mail is a relay or an emergency")
    func keepsCategory() {
        #expect(policy.merge(offline: offline("MISC"), opinion: opinion("SUPPORT", confidence: 0.69), allowedCategories: hvac).category == "MISC")
        #expect(policy.merge(offline: offline("MISC"), opinion: opinion("SEASONAL"), allowedCategories: hvac).category == "MISC")
        #expect(policy.merge(offline: offline("SUPPORT"), opinion: opinion("MANAGER"), allowedCategories: hvac).category == "SUPPORT")
        #expect(policy.merge(offline: offline("URGENT", "critical", escalate: true), opinion: opinion("SUPPORT"), allowedCategories: hvac).category == "URGENT")
        #expect(policy.merge(offline: offline("URGENT", "normal"), opinion: opinion("SUPPORT"), allowedCategories: hvac).category == "SUPPORT")
        let relay = policy.merge(offline: offline("PHONE"), opinion: opinion("URGENT", "critical", escalate: true, safety: "water on a light fitting"), allowedCategories: hvac)
        #expect(relay.category == "PHONE")
        #expect(relay.urgency == "critical")  // the emergency shows in urgency and escalation
        #expect(relay.escalate)
    }

    @Test("agreement raises the confidence and changes nothing else")
    func agreement() {
        let merged = policy.merge(offline: offline("SALES", confidence: 0.5), opinion: opinion("SALES", confidence: 0.8), allowedCategories: hvac)
        #expect(merged.category == "SALES" && merged.confidence == 0.8 && !merged.categoryChanged)
    }

    @Test("urgency rises to high or critical only with a safety reason, and never falls")
    func urgency() {
        let raised = policy.merge(offline: offline("URGENT", "normal"), opinion: opinion("URGENT", "critical", safety: "gas smell"), allowedCategories: hvac)
        #expect(raised.urgency == "critical" && raised.urgencyChanged)
        #expect(raised.escalate)  // a customer issue rated critical escalates
        let noReason = policy.merge(offline: offline("SUPPORT", "normal"), opinion: opinion("SUPPORT", "high"), allowedCategories: hvac)
        #expect(noReason.urgency == "normal" && !noReason.escalate)
        let lower = policy.merge(offline: offline("URGENT", "critical", escalate: true), opinion: opinion("URGENT", "low"), allowedCategories: hvac)
        #expect(lower.urgency == "critical" && lower.escalate)
    }

    @Test("escalation is an OR, for customer issues only")
    func escalation() {
        #expect(policy.merge(offline: offline("SUPPORT"), opinion: opinion("SUPPORT", escalate: true), allowedCategories: hvac).escalate)
        #expect(policy.merge(offline: offline("SALES", escalate: true), opinion: opinion("SALES", escalate: false), allowedCategories: hvac).escalate)
        let bank = policy.merge(offline: offline("BANKING", "high"), opinion: opinion("BANKING", "high", escalate: true, safety: "security alert"), allowedCategories: hvac)
        #expect(!bank.escalate)
    }

    @Test("a structural decision is never changed")
    func structural() {
        let merged = policy.merge(offline: offline("MISC", "low", confidence: 1, rule: true), opinion: opinion("URGENT", "critical", escalate: true, safety: "fire"), allowedCategories: hvac)
        #expect(merged.category == "MISC" && merged.urgency == "low" && !merged.escalate && !merged.changed)
    }
}
