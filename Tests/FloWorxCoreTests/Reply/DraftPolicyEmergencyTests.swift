import Foundation
import Testing
import FloWorxCore

/// DraftPolicy for emergencies and relays: an emergency is drafted below the confidence minimum, every
/// other guard holds, and a relay is answered only through a known person.
@Suite struct DraftPolicyEmergencyTests {
    typealias Kit = ReplyTestKit

    static func classification(_ category: FloWorxCore.Category, urgency: Urgency, confidence: Double = 0.42, appropriate: Bool = true, internal isInternal: Bool = false) -> Classification {
        Classification(category: category, confidence: confidence, urgency: urgency, sentiment: .negative, senderIsInternal: isInternal, draftAppropriate: appropriate)
    }

    static func decide(_ classification: Classification, automated: Bool = false, config: ClientConfig = ClientConfig(), rules: RuleOutcome = RuleOutcome(), message: EmailMessage? = nil) -> DraftDecision {
        DraftPolicy.decide(automated: automated, classification: classification, config: config, rules: rules, message: message)
    }

    static let relay = EmailMessage(
        messageId: "f1", from: EmailAddress(email: "no-reply@formrelay.example", name: "FormRelay"), to: [],
        replyTo: EmailAddress(email: "stacy.long@example.net", name: "Stacy Long"),
        subject: "New form submission", text: "Name: Stacy Long\nMessage: I smell gas", receivedAt: Kit.saturday
    )

    @Test func emergenciesBelowTheMinimumAreDrafted() {
        for (category, urgency) in [(FloWorxCore.Category.urgent, Urgency.high), (.urgent, .critical), (.support, .critical), (.formsub, .critical)] {
            let decision = Self.decide(Self.classification(category, urgency: urgency))
            #expect(decision.shouldDraft, "\(category) \(urgency)")
            #expect(decision.reason == "emergency: drafted although confidence 0.42 is below the minimum 0.60")
        }
    }

    @Test func nonEmergenciesBelowTheMinimumAreStillWithheld() {
        for (category, urgency) in [(FloWorxCore.Category.sales, Urgency.normal), (.support, .high), (.formsub, .high), (.seasonal, .low)] {
            let decision = Self.decide(Self.classification(category, urgency: urgency))
            #expect(!decision.shouldDraft, "\(category) \(urgency)")
            #expect(decision.reason == "confidence 0.42 is below the minimum 0.60")
        }
    }

    @Test func everyOtherGuardHoldsForEmergencies() {
        let emergency = Self.classification(.urgent, urgency: .critical)
        #expect(Self.decide(emergency, automated: true).reason == "automated or bulk message")
        #expect(Self.decide(Self.classification(.manager, urgency: .critical, appropriate: false, internal: true)).reason == "internal sender")
        #expect(Self.decide(emergency, config: ClientConfig(autoReply: .init(enabled: false))).reason == "auto-reply is disabled")
        let blocked = RuleOutcome(matches: [RuleMatch(ruleId: UUID(), ruleName: "Hold", actions: [.blockDraft], reasons: [])], draftBlocked: true)
        #expect(Self.decide(emergency, rules: blocked).reason == "blocked by rule \"Hold\"")
    }

    @Test func anEmergencyFiledUnderARelayCategoryIsDraftedOnlyToAKnownPerson() {
        let phone = Self.classification(.phone, urgency: .critical, appropriate: false)
        // Without the message nothing shows a person: the classifier's "no reply suits" stands.
        #expect(!Self.decide(phone).shouldDraft)
        var voicemail = Self.relay
        voicemail.from = EmailAddress(email: "voicemail@pbx.example", name: "Voicemail")
        voicemail.replyTo = nil
        voicemail.text = "Caller: 555-0142\nTranscript: there's water on the fuse board"
        #expect(Self.decide(phone, message: voicemail).reason == "no reply suits a PHONE email")
        var reachable = voicemail
        reachable.text += "\nEmail: sam@example.org"
        #expect(Self.decide(phone, message: reachable).shouldDraft)
        #expect(Self.decide(Self.classification(.banking, urgency: .critical, appropriate: false), message: reachable).reason == "no reply suits a BANKING email")
    }

    @Test func aRelayIsAnsweredOnlyThroughThePersonBehindIt() {
        let formsub = Self.classification(.formsub, urgency: .normal, confidence: 0.9)
        #expect(Self.decide(formsub, message: Self.relay).shouldDraft)
        var anonymous = Self.relay
        anonymous.replyTo = nil
        anonymous.text = "Name: Stacy Long\nMessage: Quote please"
        #expect(Self.decide(formsub, message: anonymous).reason == "sent through a relay with no person to reply to")
        anonymous.text += "\nEmail: stacy.long@example.net"
        #expect(Self.decide(formsub, message: anonymous).shouldDraft)
        #expect(Self.decide(formsub, message: Kit.message()).shouldDraft)
    }
}
