import Foundation

/// The reply writer that needs no network: deterministic, fast, and shaped by the client's
/// communication style and business details.
///
/// A draft reads: greeting (the style's `response_patterns.greeting` with `{first_name}`, `{name}`
/// and `{business}` filled in, else one fitting the formality) addressed to the person who wrote, never
/// to a relay (`Correspondent`); for an emergency, the hazard's safety steps and the emergency line
/// (`SafetyAdvice`), before anything else; the category's own sentences (SALES asks what a quote needs
/// and names the matching service; SUPPORT, URGENT, FORMSUB, GOOGLE_REVIEW by sentiment, the industry
/// extras…) cut to the style's length; sentences chosen by what the style's guidance for the category
/// asks for (`GuidanceIntent`: the guidance's own words are never pasted); an after-hours sentence with
/// the next opening, relative to the moment of composing in the business's timezone, when closed; a
/// signature phrase (medium and long replies), the closing and the signature (`client_config.signature`,
/// else contact and business name).
///
/// It never states a price unless `auto_reply.include_pricing` is true: prices come only from
/// `services[].pricing` of the matching service, and every piece of client or sender text loses
/// price-like content (see `PriceGuard`) before it is used; the finished text is checked again.
public struct BuiltInComposer: AIProvider {
    /// The model name recorded with each draft.
    public static let model = "floworx-builtin-1"

    /// `builtin`.
    public var name: String { "builtin" }

    /// Creates the composer; it holds no state.
    public init() {}

    /// Composes the draft; never throws.
    public func draftReply(_ request: DraftRequest) async throws -> DraftReply {
        compose(request)
    }

    /// Composes the draft synchronously.
    public func compose(_ request: DraftRequest) -> DraftReply {
        let context = ComposerContext(request)
        let patterns = request.profile.style?.responsePatterns
        let body = ComposerBody(context)

        var paragraphs = [greeting(context, pattern: patterns?.greeting)]
        // Safety first: in an emergency nothing comes between the greeting and the steps.
        if let safety = context.safety { paragraphs.append(safety.paragraph(emergencyLine: context.afterHoursPhone)) }
        paragraphs.append(body.core.joined(separator: " "))
        let more = (context.length == .short ? [] : body.details) + (context.length == .long ? body.extras : [])
        if !more.isEmpty { paragraphs.append(more.joined(separator: " ")) }
        let said = paragraphs.joined(separator: " ")
        let steered = guidanceSentences(context).filter { !said.contains($0) }
        if !steered.isEmpty { paragraphs.append(steered.joined(separator: " ")) }
        if context.closed, let status = context.status { paragraphs.append(afterHours(context, status: status)) }
        // A cheerful sign-off ("We'll get you warm again.") does not belong under safety steps.
        if context.length != .short, context.safety == nil, let phrase = signaturePhrase(context) { paragraphs.append(phrase) }
        paragraphs.append(closing(context, pattern: patterns?.closing) + "\n" + signature(context))

        var text = paragraphs.joined(separator: "\n\n")
        if !context.allowsPricing { text = PriceGuard.strip(text) }
        return DraftReply(text: text, confidence: confidence(context), model: Self.model, tokensUsed: nil)
    }

    /// The composer's own sentences for what the category's guidance asks for; the guidance's words are never
    /// used. The safety paragraph already gives the line and the safe shut-off advice, so those are not repeated.
    private func guidanceSentences(_ context: ComposerContext) -> [String] {
        context.guidance
            .filter { context.safety == nil || ($0 != .shutOff && $0 != .phoneLine) }
            .filter { $0 != .priority || context.request.classification.category != .urgent }
            .compactMap { $0.sentence(context) }
            .map(context.voice.shape)
    }

    private func greeting(_ context: ComposerContext, pattern: String?) -> String {
        guard let pattern = context.clientSentences(pattern) else {
            return context.voice.greeting(firstName: context.firstName)
        }
        let lower = pattern.lowercased()
        let needsName = lower.contains("{first_name}") || lower.contains("{name}")
        let informal = ["hi", "hey", "hello"].contains { lower.hasPrefix($0) }
        if needsName, context.firstName == nil, !informal {
            return context.voice.greeting(firstName: nil)
        }
        let name = context.firstName ?? "there"
        return pattern
            .replacingOccurrences(of: "{first_name}", with: name)
            .replacingOccurrences(of: "{name}", with: name)
            .replacingOccurrences(of: "{business}", with: context.business ?? "our team")
    }

    private func afterHours(_ context: ComposerContext, status: BusinessStatus) -> String {
        guard let opening = status.nextOpening else {
            return context.voice.shape("We're closed right now; we'll reply as soon as we're back.")
        }
        let when = ComposerClock.phrase(for: opening, now: context.request.now, timezone: status.timezone)
        switch context.voice.register {
        case .formal: return "Our office is currently closed; we will be back \(when)."
        case .neutral, .casual: return "We're closed right now; we'll be back \(when)."
        }
    }

    /// One of the style's signature phrases, picked by the message id so that it is stable.
    private func signaturePhrase(_ context: ComposerContext) -> String? {
        let phrases = context.request.profile.style?.signaturePhrases.compactMap(context.clientSentences) ?? []
        guard !phrases.isEmpty else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in context.request.message.messageId.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return phrases[Int(hash % UInt64(phrases.count))]
    }

    private func closing(_ context: ComposerContext, pattern: String?) -> String {
        context.clientSentences(pattern).map { $0.replacingOccurrences(of: "{business}", with: context.business ?? "our team") }
            ?? context.voice.closing
    }

    /// `client_config.signature` (lines stating a price left out), else contact and business name.
    private func signature(_ context: ComposerContext) -> String {
        let config = context.request.profile.config
        if let signature = config.signature {
            let lines = signature.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                .filter { context.allowsPricing || !PriceGuard.containsPrice($0) }
            let kept = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !kept.isEmpty { return kept }
        }
        let contact = config.contact?.name.flatMap { context.allowsPricing ? $0 : PriceGuard.cleanName($0) }
        let lines = [contact, context.business].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.isEmpty ? "The team" : lines.joined(separator: "\n")
    }

    /// The classifier's confidence, lowered for each thing the composer had to guess:
    /// no style, no name for the greeting, a general-purpose body, no business name,
    /// a sales email that matches none of the listed services.
    private func confidence(_ context: ComposerContext) -> Double {
        let request = context.request
        var confidence = request.classification.confidence
        if request.profile.style == nil { confidence *= 0.85 }
        if context.firstName == nil { confidence *= 0.95 }
        if !ComposerBody.tailored.contains(request.classification.category) { confidence *= 0.85 }
        if context.business == nil { confidence *= 0.9 }
        if request.classification.category == .sales, context.service == nil, !(request.profile.config.services ?? []).isEmpty {
            confidence *= 0.95
        }
        guard confidence.isFinite else { return 0 }
        return (min(max(confidence, 0), 1) * 100).rounded() / 100
    }
}
