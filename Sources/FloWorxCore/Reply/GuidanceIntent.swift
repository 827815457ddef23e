/// What a style's per-category guidance asks the draft to do, read from the owner's words.
///
/// Guidance (`response_patterns.category_guidance`) is an instruction to the writer, not text for the
/// customer: "Tell them a technician is being dispatched and give the after-hours line" must never reach
/// a customer as written. The built-in composer therefore only looks for what the guidance asks for and
/// answers with its own sentences for it; anything it does not recognise steers nothing.
enum GuidanceIntent: CaseIterable, Hashable {
    /// Say a technician is on the way or being arranged.
    case dispatch
    /// Give the after-hours or emergency phone line.
    case phoneLine
    /// Offer to call the customer.
    case callback
    /// Ask for photos.
    case photos
    /// Ask for the service address.
    case address
    /// Ask for the make and model or serial number.
    case model
    /// Say the work is covered by a warranty.
    case warranty
    /// Say financing is available.
    case financing
    /// Apologise for the trouble.
    case apology
    /// Offer to book a visit.
    case schedule
    /// Promise a quote.
    case quote
    /// Say the request is a priority.
    case priority
    /// Remind the customer to shut off the supply if it is safe.
    case shutOff

    /// The intents `guidance` asks for, in declaration order.
    static func read(_ guidance: String?) -> [GuidanceIntent] {
        guard let guidance, !guidance.isEmpty else { return [] }
        let text = PhraseText(guidance)
        return allCases.filter { intent in intent.cues.contains { text.contains($0) } }
    }

    /// Words in the owner's guidance that ask for this intent.
    var cues: [String] {
        switch self {
        case .dispatch: ["dispatch*", "technician", "technicians", "tech", "send someone", "send a crew", "on the way", "on their way", "truck roll"]
        case .phoneLine: ["after hours", "after hours line", "emergency line", "emergency number", "hotline", "on call line", "phone number"]
        case .callback: ["callback", "call back", "call them", "phone them", "ring them"]
        case .photos: ["photo*", "picture*", "pics"]
        case .address: ["address", "location"]
        case .model: ["model", "serial", "make and model"]
        case .warranty: ["warrant*", "guarantee*"]
        case .financing: ["financing", "finance", "payment plan*", "monthly payments"]
        case .apology: ["apolog*", "sorry"]
        case .schedule: ["schedule", "book", "booking", "appointment*", "availability", "visit"]
        case .quote: ["quote*", "estimate*"]
        case .priority: ["priority", "prioritize", "asap", "same day", "right away", "urgent*"]
        case .shutOff: ["shut off", "shutoff", "turn off", "shut the", "isolate"]
        }
    }

    /// The composer's own sentence for this intent; `nil` when it needs a fact the profile lacks.
    func sentence(_ context: ComposerContext) -> String? {
        switch self {
        case .dispatch:
            return context.request.classification.category == .urgent || DraftPolicy.isEmergency(context.request.classification)
                ? "We're arranging for a technician to come out as soon as possible."
                : "We'll arrange for a technician to visit at a time that suits you."
        case .phoneLine:
            return context.afterHoursPhone.map { "You can reach our after-hours line at \($0)." }
        case .callback: return "We're happy to call you; just reply with a good time to reach you."
        case .photos: return "A few photos of the problem would help us come prepared."
        case .address: return "Please include the service address in your reply."
        case .model: return "If you have it, the make and model of your equipment helps us bring the right parts."
        case .warranty: return "Our work is backed by a warranty, and we're happy to go over the details."
        case .financing: return "Financing options are available; just ask."
        case .apology: return "We're sorry for the trouble this has caused."
        case .schedule: return "We'll confirm an appointment time as soon as we hear back."
        case .quote: return "We'll follow up with a detailed quote."
        case .priority: return "We're treating this as a priority."
        case .shutOff: return "If it's safe to do so, turn off the water, power or gas supply to the affected equipment."
        }
    }
}
