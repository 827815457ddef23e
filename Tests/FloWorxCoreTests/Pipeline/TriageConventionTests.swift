import FloWorxCore
import Foundation
import Testing

/// The triage conventions of DOMAIN.md as the analyzer applies them with the bundled model: category precedence,
/// urgency, escalation through the safety-default rules, and when a reply is drafted.
@Suite struct TriageConventionTests {
    static let analyzer = try! EmailAnalyzer(triage: TriageModel.bundled())
    static let received = ISO8601.parse("2026-01-14T15:00:00Z")!  // a Wednesday, 10:00 in Toronto

    static func profile(_ industry: Industry = .hvac, rules: [EscalationRule] = RuleEngine.defaultRules) -> ClientProfile {
        ClientProfile(
            clientId: UUID(uuidString: "00000000-0000-4000-8000-0000000000c1")!,
            config: ClientConfig(business: .init(name: "Northline Comfort", type: industry, emailDomain: "northline.example", timezone: "America/Toronto")),
            managers: [Manager(name: "Dana Reyes", email: "dana@northline.example", roles: [.owner])],
            suppliers: [Supplier(name: "Ferguson", email: "orders@ferguson.example", domains: ["ferguson.example"])],
            rules: rules
        )
    }

    static func analyze(
        from: String, name: String? = nil, replyTo: String? = nil, subject: String, _ text: String,
        headers: EmailHeaders = EmailHeaders(), industry: Industry = .hvac, rules: [EscalationRule] = RuleEngine.defaultRules
    ) -> EmailAnalysis {
        let message = EmailMessage(
            messageId: "m-\(subject.hashValue)", from: EmailAddress(email: from, name: name), to: [EmailAddress(email: "office@northline.example")],
            replyTo: replyTo.map { EmailAddress(email: $0) }, subject: subject, text: text, receivedAt: received, headers: headers)
        return analyzer.analyze(message, profile: profile(industry, rules: rules), now: received)
    }

    static let gasSmell = "We smell gas near the furnace in the basement. What should we do? Please help asap."

    @Test func internalMailIsManagerAndNeverEscalatedOrDrafted() {
        let a = Self.analyze(from: "tech3@northline.example", name: "Sam", subject: "URGENT no heat at the Miller job",
                             "Customer says the furnace is dead and they have a newborn. I'm on my way, FYI.")
        #expect(a.classification.category == .manager)
        #expect(!a.escalated)
        #expect(!a.draft.shouldDraft)
    }

    @Test func anOutOfOfficeReplyIsMisc() {
        let a = Self.analyze(from: "pat@clientco.example", subject: "Automatic reply: your estimate",
                             "I am out of the office until Monday with limited access to email.",
                             headers: EmailHeaders(autoSubmitted: "auto-replied"))
        #expect(a.classification.category == .misc)
        #expect(!a.draft.shouldDraft)
    }

    @Test func aCriticalVoicemailIsPhoneAndEscalatedThoughMachineSent() {
        let a = Self.analyze(
            from: "voicemail@phonesystem-relay.example", name: "Voicemail", subject: "New voicemail from (416) 555-0142",
            """
            You have a new voicemail.
            Caller: (416) 555-0142
            Duration: 0:48
            Transcript: "Hi, our furnace stopped overnight, it's minus twenty five and we have a newborn baby at home, \
            the house is freezing. Please call me back as soon as you can."
            """,
            headers: EmailHeaders(autoSubmitted: "auto-generated"))
        #expect(a.classification.category == .phone)
        #expect([.high, .critical].contains(a.classification.urgency))
        #expect(a.escalated)
    }

    @Test func aPlainLanguageEmergencyIsUrgentAndEscalated() {
        let a = Self.analyze(from: "mike.t@gmail.example", name: "Mike Tran", subject: "gas smell",
                             "We smell gas near the furnace in the basement. What should we do? Please help asap.")
        #expect(a.classification.category == .urgent)
        #expect(a.classification.urgency == .critical)
        #expect(a.escalated)
        #expect(a.draft.shouldDraft)
    }

    @Test func aThreatOfLegalActionIsEscalated() {
        let a = Self.analyze(
            from: "r.gomez@gmail.example", name: "Rita Gomez", subject: "Still broken after your visit",
            "Your technician came twice and the AC still doesn't work. I paid $640. If this is not fixed this week I will file a complaint with the BBB and take you to small claims court.")
        #expect(a.escalated)
        #expect(a.classification.escalationCue)
    }

    @Test func askingForTheOwnerIsEscalatedAtNormalUrgency() {
        let a = Self.analyze(
            from: "helen.w@outlook.example", name: "Helen Wu", subject: "Speak to the owner please",
            "I would like to speak to the owner about the quote I received last week, please have them call me.")
        #expect(a.escalated)
        #expect(a.classification.urgency == .normal)
    }

    @Test func aJobAdvertIsNotSeasonal() {
        let a = Self.analyze(
            from: "jobs@staffing-board.example", subject: "Seasonal technician wanted - apply now",
            "We are hiring a seasonal pool technician for the summer. Send your CV and availability.", industry: .poolsSpas)
        #expect(a.classification.category != .seasonal)
        #expect(!a.draft.shouldDraft)
    }

    @Test func aSuppliersNewsletterIsPromo() {
        let a = Self.analyze(
            from: "news@ferguson.example", subject: "Spring deals on water heaters",
            "Save 20% on tankless water heaters this month. View in browser. Unsubscribe.",
            headers: EmailHeaders(listUnsubscribe: "<https://ferguson.example/unsub>", precedence: "bulk"))
        #expect(a.classification.category == .promo)
        #expect(!a.draft.shouldDraft)
    }

    @Test func aFormSubmissionIsDraftedToTheCustomerInReplyTo() {
        let a = Self.analyze(
            from: "no-reply@formrelay.example", name: "FormRelay", replyTo: "laura.b@gmail.example",
            subject: "New form submission: Contact us",
            """
            Name: Laura Brooks
            Email: laura.b@gmail.example
            Phone: 416-555-0199
            Message: Hi, I'd like a quote to replace my old furnace with a heat pump. When could someone come by?
            """)
        #expect(a.classification.category == .formsub)
        #expect(a.draft.shouldDraft, "\(a.draft.reason)")
    }

    @Test func everyDecisionKeepsItsReasons() {
        let a = Self.analyze(from: "mike.t@gmail.example", subject: "gas smell", Self.gasSmell)
        #expect(a.classification.reasons.contains { $0.hasPrefix("category URGENT") })
        #expect(a.classification.reasons.contains { $0.hasPrefix("urgency critical") })
        #expect(a.rules.matches.map(\.ruleName).contains("Safety default: emergencies to the owner"))
    }

    @Test func addingARuleNeverRemovesTheSafetyDefaults() {
        let mine = EscalationRule(
            id: UUID(), name: "Invoices to accounts",
            conditions: .leaf(RuleLeaf(fact: .subject, op: .contains, value: .string("invoice"))),
            actions: [.markEscalated], priority: 1)
        let a = Self.analyze(from: "mike.t@gmail.example", subject: "gas smell", Self.gasSmell,
                             rules: RuleEngine.defaultRules + [mine])
        #expect(a.escalated)
    }

    @Test func rulesSwitchedOffExplicitlyStayOff() {
        let a = Self.analyze(from: "mike.t@gmail.example", subject: "gas smell", Self.gasSmell, rules: [])
        #expect(!a.escalated)
        #expect(a.classification.category == .urgent)
    }

    /// The safety stage: a one-line hazard is critical and escalated whatever the model scored.
    @Test(arguments: [
        ("Help", "smell of gas in kitchen"),
        ("CO alarm going off", "Our carbon monoxide detector keeps beeping, what do we do"),
        ("urgent", "sparks coming out of the outlet in the bedroom"),
        ("Fuite", "Ça sent le gaz dans la cuisine, que faire?"),
        ("ayuda", "Huele a gas en la cocina"),
    ])
    func aOneLineHazardIsCriticalAndEscalated(subject: String, body: String) {
        let a = Self.analyze(from: "someone@gmail.example", subject: subject, body)
        #expect(a.classification.category == .urgent)
        #expect(a.classification.urgency == .critical)
        #expect(a.escalated)
        #expect(a.classification.reasons.first?.hasPrefix("safety: ") == true)
    }

    @Test func aReviewThatMentionsAHazardIsNotAnEmergency() {
        let a = Self.analyze(
            from: "noreply-business@google.example", name: "Google Business Profile", subject: "New 5-star review",
            "Tom left a review: ★★★★★ They found our gas leak fast and were very professional. Reply to this review.",
            headers: EmailHeaders(autoSubmitted: "auto-generated"))
        #expect(a.classification.category == .googleReview)
        #expect(a.classification.urgency != .critical)
        #expect(!a.escalated)
    }

    @Test func aQuoteThatNamesAppliancesIsNoHazard() {
        let a = Self.analyze(from: "buyer@gmail.example", subject: "Quote",
                             "Could you quote a new gas furnace and a heat pump for a 2,000 sq ft house?")
        #expect(a.classification.urgency != .critical)
        #expect(!a.escalated)
    }
}
