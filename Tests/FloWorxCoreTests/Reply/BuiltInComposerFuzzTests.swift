import Foundation
import Testing
import FloWorxCore

/// Random profiles and messages with prices planted in every piece of client and sender text:
/// unless pricing is allowed, no draft may show a currency symbol or an amount with a currency.
@Suite struct BuiltInComposerFuzzTests {
    static let currency = "usd|cad|aud|nzd|eur|gbp|inr|jpy|chf|mxn|zar|sgd|hkd|dollars?|bucks?|euros?|rupees?|cents?"

    static let pricey = [
        "$99", "from $3,900", "€50", "£20", "¥1000", "₹500", "100 USD", "USD 100", "usd100", "49bucks", "99.99 EUR",
        "1,299 cad", "5 dollars", "2 cents", "CAD 49", "$", "25 $", "AUD\n30", "٥ USD",
    ]
    static let plain = [
        "Acme", "Furnace Repair", "Jane", "Call 555-0100", "Open 24/7", "10-year warranty", "Dollar Plumbing", "USD accepted",
        "Tune-up", "We're on it.", "Cheers", "O'Neil", "Zoë", "ducts", "pool opening", "claim", "a", "", "  ",
    ]

    static func text(_ random: inout HoursTestKit.Random, words: ClosedRange<Int> = 0...6) -> String {
        let separators = [" ", " ", "\n", ". ", ", ", "", "! "]
        return (0..<Int.random(in: words, using: &random)).map { _ in
            let word = Int.random(in: 0..<3, using: &random) == 0 ? pricey.randomElement(using: &random)! : plain.randomElement(using: &random)!
            return word + separators.randomElement(using: &random)!
        }.joined()
    }

    static func optionalText(_ random: inout HoursTestKit.Random) -> String? {
        Int.random(in: 0..<4, using: &random) == 0 ? nil : text(&random)
    }

    static func request(_ random: inout HoursTestKit.Random, pricing: Bool?) -> DraftRequest {
        let services = (0..<Int.random(in: 0...4, using: &random)).map { _ in
            ClientConfig.Service(name: text(&random, words: 1...3), description: optionalText(&random), pricing: optionalText(&random))
        }
        let config = ClientConfig(
            business: Bool.random(using: &random) ? .init(name: text(&random, words: 1...3), type: .hvac, serviceArea: optionalText(&random)) : nil,
            contact: .init(name: optionalText(&random), afterHoursPhone: optionalText(&random)),
            services: services, signature: optionalText(&random),
            autoReply: .init(enabled: true, includePricing: pricing)
        )
        var guidance: [String: String] = [:]
        for category in FloWorxCore.Category.allCases where Bool.random(using: &random) {
            guidance[category.rawValue] = text(&random)
        }
        let style = Bool.random(using: &random) ? nil : CommunicationStyle(
            name: "s", tone: ["friendly", "professional", "casual"].randomElement(using: &random)!,
            formality: ["formal", "neutral", "informal", "casual"].randomElement(using: &random)!,
            signaturePhrases: (0..<Int.random(in: 0...3, using: &random)).map { _ in text(&random) },
            responsePatterns: ResponsePatterns(
                greeting: Bool.random(using: &random) ? text(&random) + " {first_name}," : nil,
                closing: optionalText(&random),
                length: [nil, .short, .medium, .long].randomElement(using: &random)!,
                categoryGuidance: guidance
            )
        )
        let message = EmailMessage(
            messageId: "m\(Int.random(in: 0..<1_000_000, using: &random))",
            from: EmailAddress(email: "x@example.com", name: optionalText(&random)), to: [],
            subject: text(&random) + " quote", text: text(&random, words: 0...20),
            receivedAt: ReplyTestKit.saturday
        )
        let classification = Classification(
            category: FloWorxCore.Category.allCases.randomElement(using: &random)!,
            confidence: Double.random(in: 0...1, using: &random), urgency: Urgency.allCases.randomElement(using: &random)!,
            sentiment: Sentiment.allCases.randomElement(using: &random)!,
            entities: ExtractedEntities(contactName: optionalText(&random), orderNumber: optionalText(&random), invoiceNumber: optionalText(&random)),
            draftAppropriate: true
        )
        let statuses: [BusinessStatus?] = [nil, ReplyTestKit.open, ReplyTestKit.closed, BusinessStatus(isOpen: false, nextOpening: nil, timezone: "UTC")]
        return DraftRequest(
            message: message, classification: classification,
            profile: ClientProfile(clientId: UUID(), config: config, style: style),
            status: statuses.randomElement(using: &random)!, now: ReplyTestKit.saturday
        )
    }

    @Test(arguments: [false, nil] as [Bool?])
    func neverStatesAPriceWithoutPermission(pricing: Bool?) throws {
        let price = try Regex(#"\p{Sc}|\b\d+(?:[.,]\d+)*\s?(?:\#(Self.currency))\b|\b(?:\#(Self.currency))\s?\d"#)
            .ignoresCase().wordBoundaryKind(.simple)
        var random = HoursTestKit.Random(seed: pricing == nil ? 11 : 12)
        for _ in 0..<1500 {
            let request = Self.request(&random, pricing: pricing)
            let reply = BuiltInComposer().compose(request)
            #expect(!reply.text.contains("$"))
            #expect(reply.text.firstMatch(of: price) == nil, "\(reply.text)")
            #expect((0...1).contains(reply.confidence))
            #expect(!reply.text.isEmpty)
        }
    }

    @Test func quotesPricesOnlyFromTheMatchingServiceWhenAllowed() {
        var random = HoursTestKit.Random(seed: 13)
        var quoted = 0
        for _ in 0..<200 {
            var request = Self.request(&random, pricing: true)
            request.classification.category = .sales
            request.profile.config.services = [ClientConfig.Service(name: "Furnace Repair", pricing: "$89")]
            request.message.text += " my furnace broke"
            let text = BuiltInComposer().compose(request).text
            if text.contains("is priced at $89;") { quoted += 1 }
        }
        #expect(quoted == 200)
    }
}
