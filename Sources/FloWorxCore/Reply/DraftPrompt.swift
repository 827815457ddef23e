import Foundation

/// The instructions and the email an LLM gets to write a draft: what the built-in composer knows, in words.
public struct DraftPrompt: Sendable, Hashable {
    /// The system message: who writes, for which business, in which voice, under which rules.
    public var system: String
    /// The user message: the email to answer.
    public var user: String

    /// The longest email body passed to the model, in characters.
    public static let maximumBodyCharacters = 6000

    public init(_ request: DraftRequest) {
        let config = request.profile.config
        let business = config.business
        let style = request.profile.style
        var lines: [String] = []
        lines.append("You write reply drafts for \(business?.name ?? "a small service business")\(business.map { ", a \($0.type.rawValue.replacingOccurrences(of: "_", with: " ")) company" } ?? "").")
        lines.append("A person reviews every draft before it is sent. Write only the reply body: no subject line, no placeholders in brackets.")
        if let area = business?.serviceArea { lines.append("Service area: \(area).") }
        if let services = config.services, !services.isEmpty {
            let includePricing = config.autoReply?.includePricing == true
            let list = services.map { service in
                var text = "- \(service.name)"
                if let description = service.description { text += ": \(description)" }
                if includePricing, let pricing = service.pricing { text += " (pricing: \(pricing))" }
                return text
            }
            lines.append("Services:\n" + list.joined(separator: "\n"))
        }
        if config.autoReply?.includePricing == true {
            lines.append("You may quote the listed pricing, and nothing else about price.")
        } else {
            lines.append("Never state a price, rate, fee or amount of money; offer to provide a quote instead.")
        }
        if let style {
            lines.append("Tone: \(style.tone). Formality: \(style.formality).")
            if !style.personalityTraits.isEmpty { lines.append("Personality: \(style.personalityTraits.joined(separator: ", ")).") }
            if !style.signaturePhrases.isEmpty { lines.append("Phrases the owner likes to use: \(style.signaturePhrases.map { "\"\($0)\"" }.joined(separator: ", ")).") }
            let patterns = style.responsePatterns
            if let greeting = patterns.greeting { lines.append("Greeting pattern: \(greeting)") }
            if let closing = patterns.closing { lines.append("Closing: \(closing)") }
            if let length = patterns.length { lines.append("Length: \(length.rawValue).") }
            if let guidance = patterns.categoryGuidance?.first(where: { $0.key.uppercased() == request.classification.category.rawValue })?.value {
                // Guidance steers the reply; it is an instruction to the writer and never text for the customer.
                lines.append("The owner's guidance for \(request.classification.category.rawValue) emails (follow it in your own words; never copy it into the reply): \(guidance)")
            }
        }
        lines.append("The email was classified as \(request.classification.category.rawValue)\(request.classification.subcategory.map { "/\($0)" } ?? ""), urgency \(request.classification.urgency.rawValue), sentiment \(request.classification.sentiment.rawValue).")
        let correspondent = Correspondent(request.message, contactName: request.classification.entities.contactName)
        if let name = correspondent.firstName {
            lines.append("Greet the person who wrote by name: \(name).\(correspondent.senderIsRelay ? " The sender address is a relay (a form, phone or notification service); never greet or address the relay." : "")")
        } else if correspondent.senderIsRelay {
            lines.append("The sender address is a relay (a form, phone or notification service); use a neutral greeting and never address the relay.")
        }
        let phone = config.contact?.afterHoursPhone
        if DraftPolicy.isEmergency(request.classification) {
            let text = SafetyHazard.searchText(subject: request.message.subject, body: request.message.text)
            let words = PhraseText(text)
            let hazard = SafetyHazard.detect(in: text, words: words)
            let language = hazard?.language ?? SafetyLanguage.guess(words)
            let advice = SafetyAdvice(hazard: hazard?.hazard, industry: request.profile.industry, language: language)
            lines.append("This is an emergency. Begin the reply, right after the greeting, with these safety steps exactly as written:\n\(advice.paragraph(emergencyLine: phone))")
        }
        if let status = request.composingStatus, !status.isOpen {
            var closed = "The business is closed right now"
            if let next = status.nextOpening {
                closed += "; it opens again \(ComposerClock.phrase(for: next, now: request.now, timezone: status.timezone))"
            }
            lines.append(closed + ". Say so briefly.")
            if request.classification.urgency >= .high, !DraftPolicy.isEmergency(request.classification), let phone {
                lines.append("For emergencies, give the after-hours phone: \(phone).")
            }
        }
        if let signature = config.signature {
            lines.append("End with this signature exactly:\n\(signature)")
        } else if let name = config.contact?.name {
            lines.append("Sign as \(name)\(business.map { ", \($0.name)" } ?? "").")
        }
        system = lines.joined(separator: "\n")

        let message = request.message
        var body = message.text
        if body.count > Self.maximumBodyCharacters { body = String(body.prefix(Self.maximumBodyCharacters)) + "\n[…]" }
        user = """
            From: \(Self.show(message.from))\(message.replyTo.map { "\nReply-To: \(Self.show($0))" } ?? "")
            Subject: \(message.subject)

            \(body)
            """
    }

    /// `Name <address>`, or the bare address.
    private static func show(_ address: EmailAddress) -> String {
        address.name.map { "\($0) <\(address.email)>" } ?? address.email
    }
}
