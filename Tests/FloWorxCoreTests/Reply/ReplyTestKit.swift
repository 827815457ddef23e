import Foundation
import FloWorxCore

/// Builders shared by the draft policy and composer tests.
enum ReplyTestKit {
    /// Saturday 2026-01-10 10:00 in New York.
    static let saturday = ISO8601.parse("2026-01-10T15:00:00Z")!
    /// Monday 2026-01-12 08:00 in New York.
    static let mondayOpening = ISO8601.parse("2026-01-12T13:00:00Z")!

    static let services: [ClientConfig.Service] = [
        .init(name: "AC Installation", description: "New central air systems.", pricing: "from $3,900"),
        .init(name: "Furnace Repair", description: "Same-day furnace repair for all brands.", pricing: "$89–$129 diagnostic"),
        .init(name: "Duct Cleaning", pricing: "249 USD"),
    ]

    static func config(
        business: String? = "Acme Heating", contact: String? = "Olivia Owner", phone: String? = "555-0100",
        services: [ClientConfig.Service] = services, signature: String? = nil, pricing: Bool? = nil, serviceArea: String? = "Greater Toronto"
    ) -> ClientConfig {
        ClientConfig(
            business: business.map { .init(name: $0, type: .hvac, timezone: "America/New_York", serviceArea: serviceArea) },
            contact: .init(name: contact, afterHoursPhone: phone),
            services: services, signature: signature,
            autoReply: .init(enabled: true, includePricing: pricing)
        )
    }

    static func style(
        formality: String = "neutral", tone: String = "professional", greeting: String? = nil, closing: String? = nil,
        length: ResponsePatterns.Length? = nil, guidance: [String: String]? = nil, phrases: [String] = []
    ) -> CommunicationStyle {
        CommunicationStyle(
            name: "Owner", tone: tone, formality: formality, signaturePhrases: phrases,
            responsePatterns: ResponsePatterns(greeting: greeting, closing: closing, length: length, categoryGuidance: guidance)
        )
    }

    static func message(
        name: String? = "Jane Doe", subject: String = "Quote for furnace repair",
        text: String = "Hi, how much would it cost to fix my furnace? It makes a loud noise.", id: String = "msg-1"
    ) -> EmailMessage {
        EmailMessage(
            messageId: id, from: EmailAddress(email: "jane@example.com", name: name), to: [EmailAddress(email: "office@acme.com")],
            subject: subject, text: text, receivedAt: saturday
        )
    }

    static func classification(
        _ category: FloWorxCore.Category = .sales, confidence: Double = 0.9, sentiment: Sentiment = .neutral,
        entities: ExtractedEntities = ExtractedEntities()
    ) -> Classification {
        Classification(category: category, confidence: confidence, urgency: .normal, sentiment: sentiment, entities: entities, draftAppropriate: true)
    }

    static let closed = BusinessStatus(isOpen: false, nextOpening: mondayOpening, timezone: "America/New_York")
    static let open = BusinessStatus(isOpen: true, nextOpening: saturday, timezone: "America/New_York")

    static func compose(
        _ category: FloWorxCore.Category = .sales, message: EmailMessage = message(), classification: Classification? = nil,
        config: ClientConfig = config(), style: CommunicationStyle? = style(), status: BusinessStatus? = open, now: Date = saturday
    ) -> DraftReply {
        let profile = ClientProfile(clientId: UUID(uuidString: "00000000-0000-4000-8000-0000000000aa")!, config: config, style: style)
        let request = DraftRequest(
            message: message, classification: classification ?? self.classification(category),
            profile: profile, status: status, now: now
        )
        return BuiltInComposer().compose(request)
    }
}
