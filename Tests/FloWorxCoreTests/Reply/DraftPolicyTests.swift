import Foundation
import Testing
import FloWorxCore

@Suite struct DraftPolicyTests {
    typealias Kit = ReplyTestKit

    enum PolicyShape: CaseIterable { case absent, enabled, disabled, salesOnly, supportOnly, strict }

    func config(_ shape: PolicyShape) -> ClientConfig {
        var config = ClientConfig()
        switch shape {
        case .absent: config.autoReply = nil
        case .enabled: config.autoReply = .init(enabled: true)
        case .disabled: config.autoReply = .init(enabled: false)
        case .salesOnly: config.autoReply = .init(enabled: true, categories: [.sales])
        case .supportOnly: config.autoReply = .init(enabled: true, categories: [.support])
        case .strict: config.autoReply = .init(enabled: true, minConfidence: 0.8)
        }
        return config
    }

    @Test func truthTable() {
        let blocked = RuleOutcome(matches: [RuleMatch(ruleId: UUID(), ruleName: "VIP", actions: [.blockDraft], reasons: [])], draftBlocked: true)
        var drafted = 0
        for automated in [false, true] {
            for appropriate in [false, true] {
                for shape in PolicyShape.allCases {
                    for confidence in [0.3, 0.6, 0.7, 0.9] {
                        for rules in [RuleOutcome(), blocked] {
                            var classification = Kit.classification(.sales, confidence: confidence)
                            classification.draftAppropriate = appropriate
                            let decision = DraftPolicy.decide(automated: automated, classification: classification, config: config(shape), rules: rules)
                            let enabled = shape != .disabled
                            let categoryAllowed = shape != .supportOnly
                            let minimum = shape == .strict ? 0.8 : DraftPolicy.defaultMinConfidence
                            let expected = !automated && appropriate && enabled && categoryAllowed && confidence >= minimum && !rules.draftBlocked
                            #expect(decision.shouldDraft == expected, "\(automated) \(appropriate) \(shape) \(confidence) \(rules.draftBlocked)")
                            if expected { drafted += 1 }
                        }
                    }
                }
            }
        }
        #expect(drafted == 10)
    }

    @Test func reasonsNameTheFirstFailingCheck() {
        let sales = Kit.classification(.sales, confidence: 0.9)
        var notAppropriate = sales
        notAppropriate.draftAppropriate = false
        let blocked = RuleOutcome(
            matches: [
                RuleMatch(ruleId: UUID(), ruleName: "VIP", actions: [.blockDraft], reasons: []),
                RuleMatch(ruleId: UUID(), ruleName: "Other", actions: [.markEscalated], reasons: []),
            ],
            draftBlocked: true
        )
        func reason(automated: Bool = false, _ classification: Classification = sales, _ shape: PolicyShape = .absent, _ rules: RuleOutcome = RuleOutcome()) -> String {
            DraftPolicy.decide(automated: automated, classification: classification, config: config(shape), rules: rules).reason
        }
        #expect(reason(automated: true, notAppropriate, .disabled, blocked) == "automated or bulk message")
        #expect(reason(notAppropriate, .disabled) == "no reply suits a SALES email")
        #expect(reason(sales, .disabled, blocked) == "auto-reply is disabled")
        #expect(reason(sales, .supportOnly) == "auto-reply is not enabled for SALES")
        #expect(reason(Kit.classification(.sales, confidence: 0.42)) == "confidence 0.42 is below the minimum 0.60")
        #expect(reason(Kit.classification(.sales, confidence: 0.75), .strict) == "confidence 0.75 is below the minimum 0.80")
        #expect(reason(sales, .absent, blocked) == "blocked by rule \"VIP\"")
        #expect(reason() == "draft allowed")
    }

    @Test func minimumIsInclusive() {
        let exact = Kit.classification(.sales, confidence: 0.6)
        #expect(DraftPolicy.decide(automated: false, classification: exact, config: ClientConfig(), rules: RuleOutcome()).shouldDraft)
    }

    @Test func notANumberConfidenceNeverDrafts() {
        let odd = Kit.classification(.sales, confidence: .nan)
        #expect(!DraftPolicy.decide(automated: false, classification: odd, config: ClientConfig(), rules: RuleOutcome()).shouldDraft)
    }
}
