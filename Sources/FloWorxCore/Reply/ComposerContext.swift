import Foundation

/// What the built-in composer works out once per draft: names, the matching service, the voice,
/// and whether prices may appear. Every piece of client or sender text passes the price rule here.
struct ComposerContext {
    let request: DraftRequest
    let voice: ComposerVoice
    /// Whether `auto_reply.include_pricing` allows quoting `services[].pricing`.
    let allowsPricing: Bool
    let business: String?
    let firstName: String?
    let service: ClientConfig.Service?
    /// The matched service's name, cleaned.
    let serviceName: String?
    /// The message asks for a quote, estimate or price.
    let asksForQuote: Bool
    /// Open or closed at the moment of composing, and the next opening (`DraftRequest.composingStatus`).
    let status: BusinessStatus?
    /// The status says closed.
    let closed: Bool
    let afterHoursPhone: String?
    let length: ResponsePatterns.Length
    /// The person who wrote, not the relay that delivered it.
    let correspondent: Correspondent
    /// Whether the email is an emergency (`DraftPolicy.isEmergency`).
    let emergency: Bool
    /// The hazard the email describes, if any.
    let hazard: SafetyHazard.Finding?
    /// The safety steps the draft opens with: every emergency, and any high-urgency email showing a hazard.
    let safety: SafetyAdvice?
    /// What the style's guidance for this category asks for (never its words).
    let guidance: [GuidanceIntent]

    init(_ request: DraftRequest) {
        self.request = request
        let config = request.profile.config
        let style = request.profile.style
        voice = ComposerVoice(style: style)
        let allowsPricing = config.autoReply?.includePricing == true
        self.allowsPricing = allowsPricing
        func name(_ text: String?) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            let cleaned = allowsPricing ? text : PriceGuard.cleanName(text)
            return cleaned.isEmpty ? nil : cleaned
        }
        business = name(config.business?.name)
        let correspondent = Correspondent(request.message, contactName: request.classification.entities.contactName)
        self.correspondent = correspondent
        firstName = correspondent.firstName.flatMap(name)
        let text = Self.searchText(request.message)
        service = Self.matchService(config.services ?? [], in: text)
        serviceName = name(service?.name)
        asksForQuote = Self.quoteWords.contains { text.contains($0) }
        status = request.composingStatus
        closed = status.map { !$0.isOpen } ?? false
        let phone = name(config.contact?.afterHoursPhone)
        afterHoursPhone = phone.flatMap { PriceGuard.containsPrice($0) ? nil : $0 }
        length = style?.responsePatterns.length ?? .medium
        let classification = request.classification
        emergency = DraftPolicy.isEmergency(classification)
        // Only emergencies and high-urgency mail can get safety steps: the rest is not searched for hazards.
        var hazard: SafetyHazard.Finding?
        var words: PhraseText?
        if emergency || classification.urgency >= .high {
            let text = SafetyHazard.searchText(subject: request.message.subject, body: request.message.text)
            words = PhraseText(text)
            hazard = words.flatMap { SafetyHazard.detect(in: text, words: $0) }
        }
        self.hazard = hazard
        if let words, emergency || hazard != nil {
            let language = hazard?.language ?? SafetyLanguage.guess(words)
            safety = SafetyAdvice(hazard: hazard?.hazard, industry: request.profile.industry, language: language)
        } else {
            safety = nil
        }
        let category = classification.category.rawValue
        let guidanceText = style?.responsePatterns.categoryGuidance?.first { $0.key.uppercased() == category }?.value
        guidance = GuidanceIntent.read(guidanceText)
    }

    /// Client-written sentences (guidance, phrases) with any priced sentence left out when prices
    /// are not allowed; `nil` when nothing is left.
    func clientSentences(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        let kept = allowsPricing ? text : PriceGuard.droppingPricedSentences(text)
        return kept.isEmpty ? nil : kept
    }

    private static let quoteWords = ["quote", "estimate", "pricing", "price", "cost", "how much", "quotation", "rates"]

    /// Subject and the first 4 KB of the body, lowercased, for keyword tests: what a customer
    /// asks for comes first, and quoted history below it must not steer the reply.
    private static func searchText(_ message: EmailMessage) -> FoldedText {
        let body = message.text.utf8.count > 4096 ? String(decoding: message.text.utf8.prefix(4096), as: UTF8.self) : message.text
        return FoldedText(message.subject + "\n" + body)
    }

    private static let serviceStopWords: Set<String> = ["the", "and", "for", "with", "our", "your", "new", "service", "services"]

    /// The service whose name best matches the message: the whole name found scores highest,
    /// then the number of its words found (plural `s` optional); the first service wins ties.
    static func matchService(_ services: [ClientConfig.Service], in text: FoldedText) -> ClientConfig.Service? {
        var best: (service: ClientConfig.Service, score: Int)?
        for service in services {
            let name = service.name.lowercased()
            var score = 0
            if name.count >= 3, text.contains(name) { score += 100 }
            for word in name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where word.count >= 3 && !serviceStopWords.contains(String(word)) {
                let stem = word.count > 4 && word.hasSuffix("s") ? word.dropLast() : word
                if text.contains(stem) { score += 1 }
            }
            if score > 0, score > (best?.score ?? 0) { best = (service, score) }
        }
        return best?.service
    }
}

extension ComposerContext {
    /// An order or invoice reference fit to repeat: left out when it looks like a price.
    func cleanReference(_ reference: String) -> String? {
        allowsPricing || !PriceGuard.containsPrice(reference) ? reference : nil
    }
}
