import Testing
import FloWorxCore

@Suite struct ClassifierSignalTests {
    typealias S = ClassificationSamples

    @Test func noHeatIsCriticalInWinterAndHighInSummer() {
        let winter = S.classify(subject: "No heat", body: "The furnace is not working.", date: "2026-01-10T12:00:00Z")
        #expect(winter.urgency == .critical)
        let summer = S.classify(subject: "No heat", body: "The furnace is not working.", date: "2026-07-10T12:00:00Z")
        #expect(summer.urgency == .high)
        let hotDay = S.classify(subject: "AC stopped working", body: "It's a heat wave.", date: "2026-07-10T12:00:00Z")
        #expect(hotDay.urgency == .high)
    }

    @Test(arguments: [
        ("Gas smell", "I smell gas near the furnace."),
        ("Flooding", "The basement is flooding from the water heater."),
        ("Sparking panel", "The outdoor unit is sparking."),
        ("CO alarm", "Our carbon monoxide detector keeps going off."),
        ("No power", "We have no power to the furnace and the breaker is fine."),
    ])
    func dangerIsCritical(subject: String, body: String) {
        let result = S.classify(subject: subject, body: body)
        #expect(result.urgency == .critical)
        #expect(result.category == .urgent)
    }

    @Test func aVulnerablePersonRaisesHighToCritical() {
        let result = S.classify(subject: "AC died", body: "Our AC stopped working and my elderly father is at home.", date: "2026-07-20T18:00:00Z")
        #expect(result.urgency == .critical)
    }

    @Test func negationCancelsUrgency() {
        let calm = S.classify(subject: "Not urgent - furnace noise", body: "No rush, the furnace makes a rattling noise at start-up.")
        #expect(calm.category != .urgent)
        #expect(calm.urgency == .low)
        let noLeak = S.classify(subject: "Gutters", body: "There is no leak, we just want a quote for new seamless gutters.", S.roofing)
        #expect(noLeak.category == .sales)
        #expect(noLeak.reasons.contains { $0.contains("\"leak\" after a negation: ignored") })
        #expect(S.classify(subject: "Quote", body: "We don't smell gas or anything, just want a furnace quote.").urgency < .critical)
    }

    @Test func promotionalUrgencyIsLow() {
        let result = S.classify(subject: "URGENT: sale ends tonight", body: "50% off, shop now. Unsubscribe.", from: "deals@promo.example")
        #expect(result.category == .promo)
        #expect(result.urgency == .low)
    }

    @Test(arguments: [
        ("Thank you!", "The technician was excellent, friendly and professional. Highly recommend.", Sentiment.positive),
        ("Furnace", "I can't thank you enough, the house is warm again.", .positive),
        ("Service", "I'm not happy with the repair and the tech was rude.", .negative),
        ("Service", "Very disappointed, this is unacceptable.", .negative),
        ("Service", "The install was not bad at all.", .neutral),
        ("Question", "Can you send me the invoice? Thanks.", .neutral),
        ("Service", "Not disappointed at all, the new furnace works great.", .positive),
    ])
    func sentimentWithNegation(subject: String, body: String, expected: Sentiment) {
        #expect(S.classify(subject: subject, body: body).sentiment == expected)
    }

    @Test func quotedTextOfEarlierMessagesIsIgnored() {
        let body = "Thanks, Tuesday works for the tune-up.\n\nOn Mon, Jan 12, 2026 at 9:14 AM Jane <jane@gmail.com> wrote:\n> No heat! Gas smell! Emergency!\n"
        let result = S.classify(subject: "Re: tune-up", body: body)
        #expect(result.category == .maintenance)
        #expect(result.urgency == .normal)
        let outlook = "Sounds good.\n\n-----Original Message-----\nFrom: Jane\nSent: Monday\nSubject: no heat emergency\n"
        #expect(S.classify(subject: "Re: appointment", body: outlook).category != .urgent)
    }

    @Test func htmlOnlyMessagesAreRead() {
        let message = S.message(subject: "Question", html: "<html><body><p>Our <b>furnace</b> stopped working&nbsp;and there is no heat.</p></body></html>")
        #expect(S.classify(message).category == .urgent)
    }

    @Test func clearMessagesAreMoreConfidentThanVagueOnes() {
        let clear = S.classify(subject: "Quote for new furnace", body: "Please send a quote for a new furnace and AC installation.")
        let vague = S.classify(subject: "question", body: "hey can you do that thing like last time")
        #expect(clear.confidence > 0.85)
        #expect(vague.confidence < 0.6)
        #expect((0...1).contains(vague.confidence))
    }

    @Test func draftsOnlyForCustomerFacingMailFromCustomers() {
        #expect(S.classify(subject: "Quote please", body: "How much for a new furnace?").draftAppropriate)
        #expect(!S.classify(subject: "Quote please", body: "How much for a new furnace?", from: "dana@testhvac.ca").draftAppropriate)
        #expect(!S.classify(subject: "Quote please", body: "How much for a new furnace?", from: "orders@acmeparts.com").draftAppropriate)
        let autoReply = S.message(subject: "Re: Quote please", body: "How much for a new furnace?", headers: EmailHeaders(autoSubmitted: "auto-replied"))
        #expect(!S.classify(autoReply).draftAppropriate)
    }
}
