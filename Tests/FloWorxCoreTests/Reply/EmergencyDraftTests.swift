import Foundation
import Testing
import FloWorxCore

/// Emergency drafts: the hazard's safety steps and the emergency line come first, in the customer's language.
@Suite struct EmergencyDraftTests {
    typealias Kit = ReplyTestKit

    static func emergency(
        _ category: FloWorxCore.Category = .urgent, urgency: Urgency = .critical, confidence: Double = 0.9
    ) -> Classification {
        Classification(category: category, confidence: confidence, urgency: urgency, sentiment: .negative, draftAppropriate: true)
    }

    static func config(_ industry: Industry = .hvac, phone: String? = "555-0100") -> ClientConfig {
        var config = Kit.config(phone: phone)
        config.business?.type = industry
        return config
    }

    /// The body between the greeting and the rest: the first paragraph after the greeting.
    static func firstParagraph(_ text: String) -> String {
        let paragraphs = text.components(separatedBy: "\n\n")
        return paragraphs.count > 1 ? paragraphs[1] : ""
    }

    @Test(arguments: [Kit.closed, Kit.open])
    func smellGasNearFurnaceGetsTheGasStepsAndTheLineFirst(status: BusinessStatus) {
        let message = Kit.message(subject: "smell gas near furnace", text: "Hi, we smell gas near the furnace in the basement. What should we do?")
        let text = Kit.compose(message: message, classification: Self.emergency(), config: Self.config(), status: status).text
        #expect(text.hasPrefix("Hi Jane,\n\nFor your safety, please do this first:\n- Leave the building now"), "\(text)")
        let safety = Self.firstParagraph(text)
        for required in ["do not use a phone inside", "gas utility's emergency line or 911", "relight the furnace", "emergency line at 555-0100"] {
            #expect(safety.contains(required), "\(required)")
        }
        let stepsEnd = text.range(of: "555-0100 so we can help you right away.")!.upperBound
        let acknowledgement = text.range(of: "We understand this is urgent")!.lowerBound
        #expect(stepsEnd <= acknowledgement)
        // The old advice to turn the gas off would contradict "leave now".
        #expect(!text.contains("gas supply"))
    }

    @Test func frenchEmergencyGetsFrenchSteps() {
        let message = Kit.message(name: "Marie Tremblay", subject: "URGENT fournaise", text: "Bonjour, ça sent le gaz près de la fournaise. Nous sommes à la maison avec les enfants.")
        let text = Kit.compose(message: message, classification: Self.emergency(), config: Self.config(), status: Kit.closed).text
        let safety = Self.firstParagraph(text)
        #expect(text.hasPrefix("Hi Marie,\n\n"))
        #expect(safety.hasPrefix("Pour votre sécurité, faites d'abord ceci :\n- Quittez le bâtiment maintenant"), "\(safety)")
        #expect(safety.contains("distributeur de gaz ou le 911") && safety.contains("ligne d'urgence au 555-0100"))
    }

    @Test func spanishEmergencyGetsSpanishSteps() {
        let message = Kit.message(name: "Ana López", subject: "Emergencia", text: "Hola, hay agua goteando sobre el panel eléctrico del sótano.")
        let text = Kit.compose(message: message, classification: Self.emergency(), config: Self.config(.electrical), status: Kit.closed).text
        let safety = Self.firstParagraph(text)
        #expect(safety.hasPrefix("Por su seguridad, haga esto primero:\n- No se meta en agua"), "\(safety)")
        #expect(safety.contains("línea de emergencias al 555-0100"))
    }

    @Test(arguments: [
        ("CO alarm going off", "The carbon monoxide alarm is beeping", "out into fresh air now"),
        ("Sparks", "The outlet behind the fridge is sparking", "never use water on an electrical fire"),
        ("Water", "Water is coming through the ceiling light fitting", "do not touch anything electrical while you are wet"),
        ("Backup", "Sewage is backing up into the basement shower", "Stop using toilets"),
        ("Tree", "A tree fell on the house and the ceiling is sagging", "keep away from sagging ceilings"),
    ])
    func eachHazardGetsItsOwnSteps(subject: String, body: String, step: String) {
        let text = Kit.compose(message: Kit.message(subject: subject, text: body), classification: Self.emergency(), config: Self.config(.generalContractor), status: Kit.open).text
        #expect(Self.firstParagraph(text).contains(step), "\(text)")
    }

    @Test func anUnrecognisedEmergencyGetsTheGeneralSteps() {
        let text = Kit.compose(message: Kit.message(subject: "Emergency", text: "Please come right now, it's bad."), classification: Self.emergency(), status: Kit.closed).text
        #expect(Self.firstParagraph(text).contains("If anyone is in danger, leave the area and call 911"))
    }

    @Test func criticalUrgencyInAnotherCategoryIsAnEmergencyToo() {
        let message = Kit.message(subject: "New form submission", text: "Name: Jane Doe\nMessage: I smell gas in the kitchen")
        let text = Kit.compose(message: message, classification: Self.emergency(.formsub, urgency: .critical), status: Kit.open).text
        #expect(Self.firstParagraph(text).contains("Leave the building now"))
        #expect(text.contains("submitting the form on our website"))
    }

    @Test func withoutAnEmergencyLineTheDraftAsksHowToReachThem() {
        let message = Kit.message(subject: "Gas smell", text: "I smell gas.")
        let text = Kit.compose(message: message, classification: Self.emergency(), config: Self.config(phone: nil), status: Kit.closed).text
        #expect(Self.firstParagraph(text).contains("reply with your address and a phone number"))
        #expect(!text.contains("emergency line at"))
    }

    @Test func ordinaryMailGetsNoSafetyParagraph() {
        let text = Kit.compose(.sales).text
        #expect(!text.contains("For your safety"))
        // A hazard in mail rated normal is left to the person reviewing the draft.
        let calm = Kit.compose(message: Kit.message(subject: "Quote", text: "Last year we had a gas leak; quote for a new furnace?"), classification: Kit.classification(.sales)).text
        #expect(!calm.contains("For your safety"))
    }

    @Test func theLLMPromptCarriesTheSameSteps() {
        let profile = ClientProfile(clientId: UUID(), config: Self.config(), style: Kit.style())
        let request = DraftRequest(message: Kit.message(subject: "smell gas near furnace", text: "smell gas near furnace"), classification: Self.emergency(), profile: profile, status: Kit.closed, now: Kit.saturday)
        let prompt = DraftPrompt(request)
        #expect(prompt.system.contains("This is an emergency. Begin the reply"))
        #expect(prompt.system.contains("- Leave the building now"))
    }
}
