import FloWorxCore
import Foundation
import Testing

/// `EmailAnalyzer.apply`: the steps after the classification, as a definition orders them (rule-based classifier).
@Suite struct WorkflowApplyTests {
    static let analyzer = EmailAnalyzer()
    static let received = ISO8601.parse("2026-01-14T15:00:00Z")!

    static let profile = ClientProfile(
        clientId: UUID(uuidString: "00000000-0000-4000-8000-0000000000c1")!,
        config: ClientConfig(
            business: .init(name: "Northline Comfort", type: .hvac, emailDomain: "northline.example", timezone: "America/Toronto"),
            autoReply: .init(enabled: true)),
        managers: [Manager(name: "Dana Reyes", email: "dana@northline.example", roles: [.owner])],
        rules: RuleEngine.defaultRules
    )

    static let emergency = EmailMessage(
        messageId: "m-1", from: EmailAddress(email: "pat@customer.example", name: "Pat"), to: [EmailAddress(email: "office@northline.example")],
        subject: "No heat and I smell gas in the basement", text: "There is a strong smell of gas near the furnace. Please send someone now.",
        receivedAt: received)

    static let quote = EmailMessage(
        messageId: "m-2", from: EmailAddress(email: "sam@customer.example", name: "Sam"), to: [EmailAddress(email: "office@northline.example")],
        subject: "Quote for a new central air conditioner", text: "Hi, could you give me a quote to install central air in our house? Thanks, Sam",
        receivedAt: received)

    static func run(_ steps: [WorkflowStep], _ message: EmailMessage = emergency) -> (EmailAnalysis, WorkflowOutcome) {
        analyzer.analyze(message, profile: profile, workflow: WorkflowDefinition(steps: steps), now: received)
    }

    @Test func theDefaultWorkflowDecidesAsThePipelineDoes() {
        let plain = Self.analyzer.analyze(Self.emergency, profile: Self.profile, now: Self.received)
        let (analysis, outcome) = Self.analyzer.analyze(Self.emergency, profile: Self.profile, workflow: .default, now: Self.received)
        #expect(analysis.finalStatus == plain.finalStatus)
        #expect(analysis.rules == plain.rules)
        #expect(analysis.draft == plain.draft)
        #expect(analysis.classification.category == plain.classification.category)
        #expect(outcome.isPlain)
        #expect(plain.escalated, "the fixture is an escalation")
    }

    @Test func withoutTheEscalationStepNothingEscalatesOrAlerts() {
        let (analysis, outcome) = Self.run([.loopGuard, .classification(.init()), .draft(.init()), .writeBack(.init(mode: .off))])
        #expect(!analysis.escalated)
        #expect(analysis.rules.matches.isEmpty)
        #expect(!outcome.notifications)
        #expect(outcome.writeBack == .off)
    }

    @Test func aStopWhoseConditionHoldsEndsTheRun() {
        let (analysis, outcome) = Self.run([
            .loopGuard, .classification(.init()), .escalation(.init()), .stop(WorkflowCondition(escalated: true)),
            .draft(.init()), .notifications(.init()), .addLabel(.init(label: "never")),
        ])
        #expect(analysis.escalated)
        #expect(outcome.stoppedAt == 3)
        #expect(!analysis.draft.shouldDraft)
        #expect(!outcome.notifications)
        #expect(outcome.labels.isEmpty)
    }

    @Test func customStepsApplyWhenTheirConditionHolds() {
        let (_, outcome) = Self.run([
            .loopGuard, .classification(.init()), .escalation(.init()),
            .webhook(.init(url: "https://hooks.example/a", when: WorkflowCondition(escalated: true))),
            .webhook(.init(url: "https://hooks.example/b", when: WorkflowCondition(escalated: false))),
            .forward(.init(address: "ops@example.com")), .addLabel(.init(label: "Hot")), .addLabel(.init(label: "Hot")),
        ])
        #expect(outcome.webhooks.map(\.index) == [3])
        #expect(outcome.forwards.map(\.index) == [5])
        #expect(outcome.labels == ["Hot"])
    }

    @Test func theDraftStepOnlyNarrowsThePolicy() {
        let (base, _) = Self.run([.loopGuard, .classification(.init()), .escalation(.init()), .draft(.init())], Self.quote)
        let (off, _) = Self.run([.loopGuard, .classification(.init()), .escalation(.init()), .draft(.init(autoReply: false))], Self.quote)
        let (category, _) = Self.run([.loopGuard, .classification(.init()), .escalation(.init()), .draft(.init(categories: ["BANKING"]))], Self.quote)
        let (confidence, _) = Self.run([.loopGuard, .classification(.init()), .escalation(.init()), .draft(.init(minConfidence: 1))], Self.quote)
        let (absent, _) = Self.run([.loopGuard, .classification(.init()), .escalation(.init())], Self.quote)
        #expect(base.draft.shouldDraft, "\(base.draft.reason)")
        #expect(base.classification.confidence < 1)
        #expect(!off.draft.shouldDraft && off.draft.reason.contains("automatic replies are off"))
        #expect(!category.draft.shouldDraft && category.draft.reason.contains("is not drafted"))
        #expect(!confidence.draft.shouldDraft && confidence.draft.reason.contains("below the minimum"))
        #expect(!absent.draft.shouldDraft)
    }

    @Test func escalationRunsOnlyTheReferencedRules() {
        let (none, _) = Self.run([.loopGuard, .classification(.init()), .escalation(.init(ruleIds: []))])
        #expect(!none.escalated)
        let (all, _) = Self.run([.loopGuard, .classification(.init()), .escalation(.init(ruleIds: RuleEngine.defaultRules.map(\.id)))])
        #expect(all.escalated)
    }
}
