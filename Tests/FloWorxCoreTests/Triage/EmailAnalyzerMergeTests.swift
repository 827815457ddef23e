import FloWorxCore
import Foundation
import Testing

/// A merged second opinion applied to a real analysis (bundled model, safety-default rules): the rules and the draft
/// decision run again on the merged classification; structural results are never offered to the LLM.
@Suite("Second opinion merged into an analysis")
struct EmailAnalyzerMergeTests {
    static let analyzer = try! EmailAnalyzer(triage: TriageModel.bundled())
    static let received = ISO8601.parse("2026-01-14T15:00:00Z")!
    static let profile = ClientProfile(
        clientId: UUID(), config: ClientConfig(business: .init(name: "Northline Comfort", type: .hvac, emailDomain: "northline.example", timezone: "America/Toronto")),
        managers: [Manager(name: "Dana Reyes", email: "dana@northline.example", roles: [.owner])], rules: RuleEngine.defaultRules)

    static func message(from: String, subject: String, _ text: String, headers: EmailHeaders = EmailHeaders()) -> EmailMessage {
        EmailMessage(messageId: "m-\(subject.hashValue)", from: EmailAddress(email: from), to: [EmailAddress(email: "office@northline.example")],
                     subject: subject, text: text, receivedAt: received, headers: headers)
    }

    @Test("a raised urgency escalates through the safety-default rule and the reasons say why")
    func raisedUrgencyEscalates() throws {
        let message = Self.message(from: "jo@gmail.example", subject: "Furnace question", "Is it normal that the furnace makes a clicking sound when it starts? Thanks.")
        let analysis = Self.analyzer.analyze(message, profile: Self.profile, now: Self.received)
        #expect(!analysis.escalated)
        let offline = EmailAnalyzer.secondOpinionOffline(analysis)
        #expect(!offline.decidedByRule)
        let opinion = SecondOpinionPolicy.Opinion(category: offline.category, urgency: "critical", escalate: true, confidence: 0.9,
                                                  safetyReason: "clicking with a gas smell", reason: "possible gas leak")
        let merged = SecondOpinionPolicy().merge(offline: offline, opinion: opinion, allowedCategories: Set(EmailAnalyzer.secondOpinionCategories(Self.profile)))
        let after = Self.analyzer.reanalyze(analysis, merged: merged, message: message, profile: Self.profile, now: Self.received)
        #expect(after.classification.urgency == .critical)
        #expect(after.classification.escalationCue)
        #expect(after.escalated)
        #expect(after.classification.reasons.contains { $0.hasPrefix("second opinion: urgency") })
    }

    @Test("a changed category re-decides the draft: PROMO is never drafted")
    func changedCategoryRedecidesDraft() throws {
        let message = Self.message(from: "jo@gmail.example", subject: "Quote for a new furnace", "Hi, could you quote a new high-efficiency furnace for a 2,000 sq ft house?")
        let analysis = Self.analyzer.analyze(message, profile: Self.profile, now: Self.received)
        #expect(analysis.draft.shouldDraft)
        let offline = EmailAnalyzer.secondOpinionOffline(analysis)
        let merged = SecondOpinionPolicy().merge(
            offline: offline, opinion: .init(category: "PROMO", urgency: "low", escalate: false, confidence: 0.95, safetyReason: "", reason: "marketing"),
            allowedCategories: Set(EmailAnalyzer.secondOpinionCategories(Self.profile)))
        let after = Self.analyzer.reanalyze(analysis, merged: merged, message: message, profile: Self.profile, now: Self.received)
        #expect(after.classification.category == .promo)
        #expect(!after.classification.draftAppropriate)
        #expect(!after.draft.shouldDraft)
    }

    @Test("internal mail and automatic replies are structural: never asked")
    func structural() {
        let internalMail = Self.analyzer.analyze(Self.message(from: "tech@northline.example", subject: "Miller job", "On my way."), profile: Self.profile, now: Self.received)
        #expect(EmailAnalyzer.secondOpinionOffline(internalMail).decidedByRule)
        let reply = Self.analyzer.analyze(
            Self.message(from: "pat@clientco.example", subject: "Automatic reply: your estimate", "I am out of the office until Monday.",
                         headers: EmailHeaders(autoSubmitted: "auto-replied")), profile: Self.profile, now: Self.received)
        #expect(EmailAnalyzer.secondOpinionOffline(reply).decidedByRule)
        #expect(!SecondOpinionPolicy(askBelowConfidence: 1.01).shouldAsk(EmailAnalyzer.secondOpinionOffline(reply)))
        #expect(!EmailAnalyzer.secondOpinionCategories(Self.profile).contains("MANAGER"))
        #expect(EmailAnalyzer.secondOpinionCategories(Self.profile).contains("MAINTENANCE"))
    }
}
