import Foundation
import Testing
import FloWorxCore

/// A style's per-category guidance steers which sentences the composer uses; its words never reach the draft.
@Suite struct GuidanceTests {
    typealias Kit = ReplyTestKit

    /// The demo HVAC business's URGENT guidance (Tests/Mailbox/clients/hvac.json).
    static let demo = "Tell them a technician is being dispatched and give the after-hours line 780-555-0199."

    @Test(arguments: [Kit.open, Kit.closed])
    func theDemoGuidanceSteersButIsNeverPasted(status: BusinessStatus) {
        let style = Kit.style(guidance: ["URGENT": Self.demo])
        let message = Kit.message(subject: "No heat", text: "The furnace stopped and it's freezing in here.")
        let classification = Classification(category: .urgent, confidence: 0.9, urgency: .high, sentiment: .negative, draftAppropriate: true)
        let text = Kit.compose(message: message, classification: classification, style: style, status: status).text
        #expect(!text.contains(Self.demo))
        #expect(!text.contains("Tell them") && !text.contains("780-555-0199") && !text.contains("is being dispatched"))
        #expect(text.contains("We're arranging for a technician to come out as soon as possible."))
        #expect(text.contains("555-0100"))
    }

    @Test(arguments: FloWorxCore.Category.allCases)
    func distinctiveGuidanceNeverAppearsInAnyCategory(category: FloWorxCore.Category) {
        let guidance = [
            "Mention our 10-year warranty and remind them we finance purchases.", "Always apologise profusely, then offer a callback.",
            "Zebra lamp quantum: never say this to a customer.", "Ask for photos and the model number before booking a visit.",
        ]
        for sentence in guidance {
            for length in [ResponsePatterns.Length.short, .medium, .long] {
                let style = Kit.style(length: length, guidance: [category.rawValue: sentence])
                for status in [Kit.open, Kit.closed] {
                    let text = Kit.compose(category, style: style, status: status).text
                    #expect(!text.contains(sentence), "\(category) \(length)")
                    // No run of five words from the guidance is copied either.
                    let words = sentence.split(separator: " ")
                    for start in 0...(words.count - 5) {
                        let run = words[start..<(start + 5)].joined(separator: " ")
                        #expect(!text.contains(run), "\(category): \(run)")
                    }
                }
            }
        }
    }

    @Test func guidanceSelectsTheComposersOwnSentencesForItsCategoryOnly() {
        let style = Kit.style(guidance: ["sales": "Mention our 10-year warranty.", "SUPPORT": "Offer a callback."])
        let sales = Kit.compose(.sales, style: style).text
        #expect(sales.contains("Our work is backed by a warranty") && !sales.contains("call you"))
        let support = Kit.compose(.support, style: style).text
        #expect(support.contains("We're happy to call you; just reply with a good time to reach you.") && !support.contains("warranty"))
        #expect(!Kit.compose(.urgent, style: style).text.contains("warranty"))
        let formal = Kit.compose(.support, style: Kit.style(formality: "formal", guidance: ["SUPPORT": "Offer a callback."])).text
        #expect(formal.contains("We are happy to call you"))
    }

    @Test func guidanceItDoesNotUnderstandChangesNothing() {
        let plain = Kit.compose(.sales).text
        #expect(Kit.compose(.sales, style: Kit.style(guidance: ["SALES": "Zebra lamp quantum."])).text == plain)
    }

    @Test func guidanceNeverAddsAPriceEvenWhenPricingIsAllowed() {
        let style = Kit.style(guidance: ["SALES": "Tune-ups are $79 this month. Ask about financing."])
        for pricing in [false, true] {
            let text = Kit.compose(.sales, config: Kit.config(pricing: pricing), style: style).text
            #expect(!text.contains("79") && text.contains("Financing options are available"))
        }
    }

    @Test func aSentenceTheBodyAlreadySaysIsNotRepeated() {
        let text = Kit.compose(.sales, style: Kit.style(guidance: ["SALES": "Book an appointment."])).text
        #expect(text.components(separatedBy: "We'll confirm an appointment time as soon as we hear back.").count == 2)
    }

    @Test func thePromptTellsTheModelNotToCopyGuidance() {
        let profile = ClientProfile(clientId: UUID(), config: Kit.config(), style: Kit.style(guidance: ["URGENT": Self.demo]))
        let request = DraftRequest(message: Kit.message(), classification: Kit.classification(.urgent), profile: profile, status: Kit.open, now: Kit.saturday)
        #expect(DraftPrompt(request).system.contains("never copy it into the reply"))
    }
}
