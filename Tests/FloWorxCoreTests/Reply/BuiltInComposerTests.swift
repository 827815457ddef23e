import Foundation
import Testing
import FloWorxCore

@Suite struct BuiltInComposerTests {
    typealias Kit = ReplyTestKit

    @Test func identifiesItself() async throws {
        let reply = Kit.compose()
        #expect(reply.model == "floworx-builtin-1")
        #expect(reply.tokensUsed == nil)
        #expect(BuiltInComposer().name == "builtin")
        let profile = ClientProfile(clientId: UUID(uuidString: "00000000-0000-4000-8000-0000000000aa")!, config: Kit.config(), style: Kit.style())
        let request = DraftRequest(message: Kit.message(), classification: Kit.classification(), profile: profile, status: Kit.open, now: Kit.saturday)
        let provider: any AIProvider = BuiltInComposer()
        #expect(try await provider.draftReply(request) == reply)
    }

    @Test func isDeterministic() {
        #expect(Kit.compose(status: Kit.closed) == Kit.compose(status: Kit.closed))
    }

    // MARK: Greeting and closing

    @Test(arguments: [
        ("neutral", "Hi Jane,", "Best regards,"),
        ("formal", "Dear Jane,", "Kind regards,"),
        ("casual", "Hey Jane,", "Cheers,"),
        ("informal", "Hey Jane,", "Cheers,"),
    ])
    func formalityShapesGreetingAndClosing(formality: String, greeting: String, closing: String) {
        let text = Kit.compose(style: Kit.style(formality: formality)).text
        #expect(text.hasPrefix(greeting + "\n\n"))
        #expect(text.contains("\n\n" + closing + "\nOlivia Owner\nAcme Heating"))
    }

    @Test func formalSpellsOutContractions() {
        let formal = Kit.compose(.support, style: Kit.style(formality: "formal")).text
        #expect(formal.contains("Thank you for letting us know."))
        #expect(formal.contains("We are looking into it"))
        #expect(!formal.contains("We're"))
        let casual = Kit.compose(.support, style: Kit.style(formality: "casual")).text
        #expect(casual.contains("Thanks so much for letting us know!"))
        #expect(casual.contains("We're looking into it"))
    }

    @Test func noStyleReadsNeutral() {
        let text = Kit.compose(style: nil).text
        #expect(text.hasPrefix("Hi Jane,"))
        #expect(text.contains("Best regards,"))
    }

    @Test(arguments: [
        ("Jane Doe", "Hi Jane,"), ("\"Doe, Jane\"", "Hi Jane,"), ("JANE DOE", "Hi Jane,"), ("jane", "Hi Jane,"),
        ("McKenzie O'Neil", "Hi McKenzie,"), ("info", "Hi there,"), ("jane@example.com", "Hi there,"), ("", "Hi there,"),
        ("   ", "Hi there,"), ("Support Team", "Hi there,"), ("42", "Hi there,"),
    ])
    func firstNameFromTheDisplayName(name: String, greeting: String) {
        #expect(Kit.compose(message: Kit.message(name: name)).text.hasPrefix(greeting + "\n"))
    }

    @Test func firstNameFromEntitiesWhenTheDisplayNameHasNone() {
        let classification = Kit.classification(.sales, entities: ExtractedEntities(contactName: "Robert Smith"))
        #expect(Kit.compose(message: Kit.message(name: nil), classification: classification).text.hasPrefix("Hi Robert,"))
        #expect(Kit.compose(message: Kit.message(name: nil)).text.hasPrefix("Hi there,"))
        #expect(Kit.compose(message: Kit.message(name: nil), style: Kit.style(formality: "formal")).text.hasPrefix("Hello,"))
    }

    @Test func greetingAndClosingPatterns() {
        let style = Kit.style(greeting: "Hello {first_name}, thanks for writing to {business}!", closing: "Talk soon,")
        let text = Kit.compose(style: style).text
        #expect(text.hasPrefix("Hello Jane, thanks for writing to Acme Heating!\n\n"))
        #expect(text.contains("\n\nTalk soon,\nOlivia Owner"))
        let anonymous = Kit.compose(message: Kit.message(name: nil), style: style).text
        #expect(anonymous.hasPrefix("Hello there, thanks for writing to Acme Heating!"))
        let formalPattern = Kit.style(formality: "formal", greeting: "Good day {first_name},")
        #expect(Kit.compose(message: Kit.message(name: nil), style: formalPattern).text.hasPrefix("Hello,\n"))
        #expect(Kit.compose(style: formalPattern).text.hasPrefix("Good day Jane,\n"))
    }

    // MARK: Categories

    @Test(arguments: FloWorxCore.Category.allCases)
    func everyCategoryGetsACompleteReply(category: FloWorxCore.Category) {
        for status in [Kit.open, Kit.closed] {
            let text = Kit.compose(category, status: status).text
            #expect(text.hasPrefix("Hi Jane,\n\n"))
            #expect(text.hasSuffix("Best regards,\nOlivia Owner\nAcme Heating"))
            #expect(text.split(separator: "\n\n").count >= 3)
            #expect(!text.contains("  "))
            #expect(!text.contains("{"))
        }
    }

    @Test(arguments: ["formal", "neutral", "casual"])
    func everyCombinationOfCategoryHoursPricingAndLength(formality: String) {
        let greeting = ["formal": "Dear Jane,", "neutral": "Hi Jane,", "casual": "Hey Jane,"][formality]!
        let closing = ["formal": "Kind regards,", "neutral": "Best regards,", "casual": "Cheers,"][formality]!
        for category in FloWorxCore.Category.allCases {
            for status in [Kit.open, Kit.closed] {
                for pricing in [false, true] {
                    for length in [ResponsePatterns.Length.short, .medium, .long] {
                        let style = Kit.style(formality: formality, length: length)
                        let text = Kit.compose(category, config: Kit.config(pricing: pricing), style: style, status: status).text
                        let label = "\(category) \(formality) \(status.isOpen) \(pricing) \(length)"
                        #expect(text.hasPrefix(greeting + "\n\n"), "\(label)")
                        #expect(text.hasSuffix(closing + "\nOlivia Owner\nAcme Heating"), "\(label)")
                        #expect(text.contains("Monday at 8:00 AM.") == !status.isOpen, "\(label)")
                        #expect(text.contains("$") == (pricing && category == .sales), "\(label)")
                        if formality == "formal" {
                            #expect(!text.contains("We're") && !text.contains("we'll") && !text.contains("Thanks"), "\(label)")
                        }
                        for flaw in ["  ", "..", " .", " ,", "{", "}", "\n\n\n"] {
                            #expect(!text.contains(flaw), "\(label): \(flaw)")
                        }
                    }
                }
            }
        }
    }

    @Test func salesQuoteRequestAsksForDetailsAndNamesTheService() {
        let text = Kit.compose(.sales).text
        #expect(text.contains("your interest in our Furnace Repair service"))
        #expect(text.contains("accurate quote"))
        for detail in ["service address", "photos", "preferred times"] { #expect(text.contains(detail)) }
        #expect(text.contains("we'll follow up with a detailed quote"))
        #expect(!text.contains("AC Installation"))
        #expect(!text.contains("$"))
    }

    @Test func salesServiceMatchingByKeyword() {
        let ac = Kit.compose(.sales, message: Kit.message(subject: "New AC", text: "Looking at an installation for central air this spring.")).text
        #expect(ac.contains("our AC Installation service"))
        let ducts = Kit.compose(.sales, message: Kit.message(subject: "Ducts", text: "Our ducts are dusty, can you clean them?")).text
        #expect(ducts.contains("our Duct Cleaning service"))
        let nothing = Kit.compose(.sales, message: Kit.message(subject: "Hello", text: "Do you work weekends?")).text
        #expect(nothing.contains("Thanks for reaching out to Acme Heating."))
        #expect(!nothing.contains("quote"))
        #expect(nothing.contains("To help us get started"))
    }

    @Test func pricingOnlyWhenAllowedAndFromTheMatchingService() {
        let allowed = Kit.compose(.sales, config: Kit.config(pricing: true)).text
        #expect(allowed.contains("our Furnace Repair service is priced at $89–$129 diagnostic"))
        #expect(!allowed.contains("3,900"))
        let disallowed = Kit.compose(.sales, config: Kit.config(pricing: false)).text
        #expect(!disallowed.contains("$") && !disallowed.contains("89"))
        let unmatched = Kit.compose(.sales, message: Kit.message(subject: "Hi", text: "What are your rates?"), config: Kit.config(pricing: true)).text
        #expect(!unmatched.contains("$"))
        #expect(unmatched.contains("detailed quote"))
    }

    @Test func supportMentionsTheOrder() {
        let classification = Kit.classification(.support, entities: ExtractedEntities(orderNumber: "A-1042"))
        let text = Kit.compose(classification: classification).text
        #expect(text.contains("letting us know about order A-1042."))
        #expect(text.contains("looking into it"))
        let priced = Kit.classification(.support, entities: ExtractedEntities(invoiceNumber: "$500"))
        #expect(!Kit.compose(classification: priced).text.contains("500"))
    }

    /// An emergency gives the emergency line in its opening safety paragraph, open or closed (it used to be
    /// given only after hours, and "contact your local emergency services" stood in for the steps).
    @Test func urgentGivesTheEmergencyLineFirstOpenOrClosed() {
        let closed = Kit.compose(.urgent, status: Kit.closed).text
        #expect(closed.contains("We understand this is urgent"))
        #expect(closed.contains("Then call our emergency line at 555-0100"))
        #expect(closed.contains("we'll be back Monday at 8:00 AM."))
        let noPhone = Kit.compose(.urgent, config: Kit.config(phone: nil), status: Kit.closed).text
        #expect(noPhone.contains("leave the area and call 911"))
        #expect(!noPhone.contains("emergency line at"))
        let open = Kit.compose(.urgent, status: Kit.open).text
        #expect(open.contains("contact you as soon as possible"))
        #expect(open.contains("Then call our emergency line at 555-0100") && !open.contains("closed"))
    }

    @Test func formSubmission() {
        #expect(Kit.compose(.formsub).text.contains("submitting the form on our website"))
    }

    @Test func reviewsBySentiment() {
        let positive = Kit.compose(classification: Kit.classification(.googleReview, sentiment: .positive)).text
        #expect(positive.contains("the kind review") && !positive.contains("sorry"))
        let negative = Kit.compose(classification: Kit.classification(.googleReview, sentiment: .negative)).text
        #expect(negative.contains("sorry your experience") && negative.contains("make this right") && negative.contains("555-0100"))
        #expect(!negative.contains("kind review"))
        let neutral = Kit.compose(classification: Kit.classification(.googleReview, sentiment: .neutral)).text
        #expect(neutral.contains("taking the time to leave a review"))
    }

    @Test func industryExtras() {
        let maintenance = Kit.compose(.maintenance, message: Kit.message(subject: "Tune-up", text: "Time for the yearly furnace check.")).text
        #expect(maintenance.contains("maintenance for your Furnace Repair service") && maintenance.contains("make and model"))
        #expect(Kit.compose(.seasonal).text.contains("opening or closing"))
        let insurance = Kit.compose(.insurance).text
        #expect(insurance.contains("insurance claim") && insurance.contains("claim number") && insurance.contains("adjuster"))
    }

    // MARK: Length, guidance, phrases

    @Test func lengthChoosesLayers() {
        let short = Kit.compose(.support, style: Kit.style(length: .short)).text
        let medium = Kit.compose(.support, style: Kit.style(length: .medium)).text
        let long = Kit.compose(.support, style: Kit.style(length: .long)).text
        #expect(!short.contains("error codes") && !short.contains("don't hesitate"))
        #expect(medium.contains("error codes") && !medium.contains("don't hesitate"))
        #expect(long.contains("error codes") && long.contains("don't hesitate") && !long.contains("We serve"))
        let longSales = Kit.compose(.sales, style: Kit.style(length: .long)).text
        #expect(longSales.contains("We'll confirm an appointment time as soon as we hear back. Same-day furnace repair for all brands. We serve Greater Toronto. Please don't hesitate to reply with any questions."))
        #expect(!Kit.compose(.sales, style: Kit.style(length: .medium)).text.contains("Same-day"))
        #expect(short.count < medium.count && medium.count < long.count)
        #expect(Kit.compose(.support, style: Kit.style(length: nil)).text == medium)
    }

    // Guidance: see GuidanceTests (it steers the composer's own sentences and is never pasted).

    @Test func signaturePhrasesAreStablePerMessageAndSkippedWhenShort() {
        let phrases = ["Stay warm!", "We appreciate your business.", "Comfort you can count on."]
        let style = Kit.style(phrases: phrases)
        let first = Kit.compose(message: Kit.message(id: "a"), style: style).text
        #expect(phrases.filter { first.contains($0) }.count == 1)
        #expect(Kit.compose(message: Kit.message(id: "a"), style: style).text == first)
        let used = Set((0..<30).map { index in
            let text = Kit.compose(message: Kit.message(id: "m\(index)"), style: style).text
            return phrases.first { text.contains($0) }
        })
        #expect(used.count == 3)
        let short = Kit.compose(style: Kit.style(length: .short, phrases: phrases)).text
        #expect(phrases.allSatisfy { !short.contains($0) })
    }

    // MARK: After hours

    @Test func afterHoursSentenceNamesTheNextOpening() {
        #expect(Kit.compose(status: Kit.closed).text.contains("We're closed right now; we'll be back Monday at 8:00 AM."))
        let formal = Kit.compose(style: Kit.style(formality: "formal"), status: Kit.closed).text
        #expect(formal.contains("Our office is currently closed; we will be back Monday at 8:00 AM."))
        #expect(!Kit.compose(status: Kit.open).text.contains("closed"))
        #expect(!Kit.compose(status: nil).text.contains("closed"))
        let unknown = BusinessStatus(isOpen: false, nextOpening: nil, timezone: "America/New_York")
        #expect(Kit.compose(status: unknown).text.contains("We're closed right now; we'll reply as soon as we're back."))
    }

    @Test(arguments: [
        ("2026-01-10T14:00:00Z", "2026-01-10T18:30:00Z", "America/New_York", "later today at 1:30 PM"),
        ("2026-01-10T02:00:00Z", "2026-01-10T13:00:00Z", "America/New_York", "tomorrow at 8:00 AM"),
        ("2026-01-10T15:00:00Z", "2026-01-11T13:00:00Z", "America/New_York", "tomorrow at 8:00 AM"),
        ("2026-01-10T15:00:00Z", "2026-01-16T05:00:00Z", "America/New_York", "Friday at 12:00 AM"),
        ("2026-01-10T15:00:00Z", "2026-01-20T17:00:00Z", "America/New_York", "on Tuesday, January 20 at 12:00 PM"),
        ("2026-03-07T23:00:00Z", "2026-03-09T12:00:00Z", "America/New_York", "Monday at 8:00 AM"),
        ("2026-01-09T14:00:00Z", "2026-01-12T04:00:00Z", "Asia/Kolkata", "Monday at 9:30 AM"),
        ("2026-01-09T20:00:00Z", "2026-01-12T12:30:00Z", "America/St_Johns", "Monday at 9:00 AM"),
        ("2026-04-03T08:00:00Z", "2026-04-05T23:00:00Z", "Australia/Sydney", "Monday at 9:00 AM"),
        ("2026-12-31T20:00:00Z", "2027-01-04T07:00:00Z", "Europe/Berlin", "Monday at 8:00 AM"),
    ])
    func nextOpeningIsToldInTheBusinessTimezone(now: String, opening: String, zone: String, phrase: String) {
        let status = BusinessStatus(isOpen: false, nextOpening: ISO8601.parse(opening)!, timezone: zone)
        let text = Kit.compose(status: status, now: ISO8601.parse(now)!).text
        #expect(text.contains("we'll be back \(phrase)."), "\(text)")
    }

    // MARK: Signature

    @Test func signatureSources() {
        let custom = Kit.compose(config: Kit.config(signature: "Olivia\nAcme Heating | 555-0100")).text
        #expect(custom.hasSuffix("Best regards,\nOlivia\nAcme Heating | 555-0100"))
        #expect(Kit.compose(config: Kit.config(contact: nil)).text.hasSuffix("Best regards,\nAcme Heating"))
        #expect(Kit.compose(config: Kit.config(business: nil, contact: nil)).text.hasSuffix("Best regards,\nThe team"))
        let priced = Kit.compose(config: Kit.config(signature: "Olivia\nTune-ups from $79!\n555-0100")).text
        #expect(priced.hasSuffix("Olivia\n555-0100"))
        let allowed = Kit.compose(config: Kit.config(signature: "Olivia\nTune-ups from $79!", pricing: true)).text
        #expect(allowed.hasSuffix("Olivia\nTune-ups from $79!"))
    }

    // MARK: Confidence

    @Test func confidenceReflectsWhatTheComposerKnew() {
        let full = Kit.compose(.sales).confidence
        #expect(full == 0.9)
        #expect(Kit.compose(.sales, style: nil).confidence < full)
        #expect(Kit.compose(.sales, message: Kit.message(name: nil)).confidence < full)
        #expect(Kit.compose(.misc).confidence < full)
        #expect(Kit.compose(.sales, config: Kit.config(business: nil)).confidence < full)
        #expect(Kit.compose(.sales, message: Kit.message(subject: "Hi", text: "Are you hiring?")).confidence < full)
        let low = Kit.compose(classification: Kit.classification(.sales, confidence: 0.2), style: nil).confidence
        #expect(low > 0 && low < 0.2)
        #expect(Kit.compose(classification: Kit.classification(.sales, confidence: 1.7)).confidence == 1)
        #expect(Kit.compose(classification: Kit.classification(.sales, confidence: .nan)).confidence == 0)
    }
}
