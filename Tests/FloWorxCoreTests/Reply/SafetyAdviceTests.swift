import Foundation
import Testing
import FloWorxCore

/// The reviewed safety table: detection in three languages, complete and conservative steps, industry
/// variants, and the review document kept in step with the code.
@Suite struct SafetyAdviceTests {
    @Test(arguments: [
        ("Smell gas near furnace", "", SafetyHazard.gasSmell, SafetyLanguage.english),
        ("Urgent", "There's a rotten egg smell in the basement", .gasSmell, .english),
        ("Urgence", "Ça sent le gaz près de la fournaise, que faire?", .gasSmell, .french),
        ("Urgente", "Huele a gas en la cocina desde anoche", .gasSmell, .spanish),
        ("CO alarm going off", "The CO alarm keeps beeping in the hallway", .carbonMonoxide, .english),
        ("Alarme", "L'avertisseur de CO sonne sans arrêt", .carbonMonoxide, .french),
        ("Alarma", "El detector de monóxido de carbono está sonando", .carbonMonoxide, .spanish),
        ("Outlet", "The outlet in the kitchen is sparking and there's a burning smell", .electricalFire, .english),
        ("Panne", "Il y a des étincelles au panneau", .electricalFire, .french),
        ("Panel", "El panel tiene olor a quemado", .electricalFire, .spanish),
        ("Help", "Water is dripping onto the electrical panel in the basement", .waterOnElectrics, .english),
        ("Fuite", "De l'eau coule dans le luminaire de la cuisine", .waterOnElectrics, .french),
        ("Fuga", "Está entrando agua en la caja de fusibles", .waterOnElectrics, .spanish),
        ("Basement", "Sewage is coming up through the floor drain", .sewageBackup, .english),
        ("Sous-sol", "Refoulement d'égout au sous-sol", .sewageBackup, .french),
        ("Sótano", "Salen aguas negras por la coladera", .sewageBackup, .spanish),
        ("Tree", "A branch came through the roof into the bedroom", .structuralDanger, .english),
        ("Plafond", "Le plafond s'est effondré dans le salon", .structuralDanger, .french),
        ("Techo", "Se derrumbó parte del techo del garaje", .structuralDanger, .spanish),
        ("Pipe", "A pipe burst and water is everywhere", .flooding, .english),
        ("No heat", "We have no heat and a newborn, it's -30 outside", .noHeatInCold, .english),
        ("Chauffage", "Plus de chauffage depuis hier soir, on gèle", .noHeatInCold, .french),
        ("Calefacción", "Estamos sin calefacción con un bebé", .noHeatInCold, .spanish),
        ("Pool", "My son mixed chemicals and there are chlorine fumes in the shed", .poolChemical, .english),
        ("Hot tub", "My daughter got shocked touching the hot tub rail", .electricShock, .english),
        ("Drain", "The main drain cover is cracked and kids are swimming", .poolDrain, .english),
        ("Drain", "Le couvercle du drain est brisé", .poolDrain, .french),
        ("Drenaje", "La tapa del drenaje está rota", .poolDrain, .spanish),
        ("AC dead", "Our AC died during the heat wave and grandma is here", .noCoolingInHeat, .english),
        ("Canicule", "La climatisation en panne pendant la canicule", .noCoolingInHeat, .french),
        ("Calor", "Estamos sin aire acondicionado en esta ola de calor", .noCoolingInHeat, .spanish),
    ])
    func detectsTheHazardInItsLanguage(subject: String, body: String, hazard: SafetyHazard, language: SafetyLanguage) throws {
        let finding = try #require(SafetyHazard.detect(subject: subject, body: body))
        #expect(finding.hazard == hazard, "\(finding)")
        #expect(finding.language == language, "\(finding)")
    }

    @Test(arguments: [
        ("Quote for a gas furnace", "How much to replace our gas furnace next spring?"),
        ("Smoke detector", "Can you install a smoke detector when you come?"),
        ("Pool opening", "Please book our pool opening; we'll need chlorine too."),
        ("Water heater", "The water heater is 12 years old, time for a new one?"),
        ("Panel upgrade", "Looking for a quote to upgrade our electrical panel."),
        ("Invoice", "Prices went through the roof this year, can you explain the invoice?"),
    ])
    func ordinaryMailShowsNoHazard(subject: String, body: String) {
        #expect(SafetyHazard.detect(subject: subject, body: body) == nil)
    }

    @Test func theMostDangerousHazardWins() {
        let finding = SafetyHazard.detect(subject: "Flooded basement", body: "The basement flooded and now I smell gas")
        #expect(finding?.hazard == .gasSmell)
    }

    @Test func gasStepsAreTheReviewedOnes() {
        let steps = SafetyAdvice.steps(for: .gasSmell, industry: .hvac, language: .english).joined(separator: " ")
        for required in [
            "Leave the building now", "light switches", "do not light a match", "do not use a phone inside",
            "outside", "gas utility's emergency line or 911", "Do not go back in", "relight the furnace",
        ] {
            #expect(steps.contains(required), "\(required)")
        }
    }

    @Test func carbonMonoxideGetsEveryoneOutAndCalls911() {
        let steps = SafetyAdvice.steps(for: .carbonMonoxide, industry: .hvac, language: .english).joined(separator: " ")
        #expect(steps.contains("out into fresh air now") && steps.contains("Call 911"))
    }

    @Test func everyHazardHasCompleteConservativeStepsInEveryLanguageAndIndustry() {
        let hazards: [SafetyHazard?] = SafetyHazard.allCases + [nil]
        for hazard in hazards {
            for industry in Industry.allCases + [nil] as [Industry?] {
                let counts = SafetyLanguage.allCases.map { SafetyAdvice.steps(for: hazard, industry: industry, language: $0).count }
                #expect(Set(counts).count == 1, "\(String(describing: hazard)) \(String(describing: industry)): translations differ \(counts)")
                for language in SafetyLanguage.allCases {
                    let steps = SafetyAdvice.steps(for: hazard, industry: industry, language: language)
                    #expect(steps.count >= 2)
                    for step in steps {
                        #expect(!PriceGuard.containsPrice(step), "\(step)")
                        #expect(step.hasSuffix("."), "\(step)")
                        if language == .english {
                            for contraction in ["n't", "'re", "'ll", "'ve", "it's", "It's"] { #expect(!step.contains(contraction), "\(step)") }
                        }
                    }
                    // Every hazard but a flood or a sewage backup says whom to call: 911 or a utility.
                    let all = steps.joined(separator: " ")
                    if language == .english, hazard != .sewageBackup, hazard != .flooding {
                        #expect(all.contains("911") || all.contains("utility"), "\(String(describing: hazard))")
                    }
                }
            }
        }
    }

    @Test func industriesGetTheirVariants() {
        let roofing = SafetyAdvice.steps(for: .flooding, industry: .roofing, language: .english).joined(separator: " ")
        #expect(!roofing.contains("main valve") && roofing.contains("do not go up on the roof"))
        #expect(SafetyAdvice.steps(for: .flooding, industry: .plumbing, language: .english).joined().contains("main valve"))
        let overflowing = SafetyAdvice.steps(for: .flooding, industry: .poolsSpas, language: .english).joined(separator: " ")
        #expect(!overflowing.contains("main valve") && !overflowing.contains("ceiling") && overflowing.contains("equipment pad"))
        let poolShock = SafetyAdvice.steps(for: .electricShock, industry: .poolsSpas, language: .english)
        #expect(poolShock.first?.hasPrefix("Get everyone out of the pool or hot tub") == true)
        let homeShock = SafetyAdvice.steps(for: .electricShock, industry: .electrical, language: .english)
        #expect(!homeShock.joined().contains("pool"))
    }

    @Test func paragraphGivesTheLineOrAsksForAWayToCall() {
        let advice = SafetyAdvice(hazard: .gasSmell, industry: .hvac, language: .english)
        let withLine = advice.paragraph(emergencyLine: "555-0100")
        #expect(withLine.hasPrefix("For your safety, please do this first:\n- Leave the building now"))
        #expect(withLine.hasSuffix("Then call our emergency line at 555-0100 so we can help you right away."))
        #expect(advice.paragraph(emergencyLine: nil).contains("reply with your address and a phone number"))
        #expect(SafetyAdvice(hazard: .gasSmell, industry: nil, language: .spanish).paragraph(emergencyLine: "555").contains("línea de emergencias al 555"))
    }

    /// `docs/safety-advice.md` is where a person reviews the table: it must show every step the code gives.
    @Test func theReviewDocumentListsEveryStep() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/safety-advice.md"), encoding: .utf8)
        let hazards: [SafetyHazard?] = SafetyHazard.allCases + [nil]
        for hazard in hazards {
            for industry in Industry.allCases + [nil] as [Industry?] {
                for language in SafetyLanguage.allCases {
                    for step in SafetyAdvice.steps(for: hazard, industry: industry, language: language) {
                        #expect(doc.contains(step), "missing from docs/safety-advice.md: \(step)")
                    }
                }
            }
        }
    }
}
