import Foundation

/// The composer's own sentences for one category, in three layers that the reply length picks
/// from: short takes `core`, medium adds `details`, long adds `extras`.
struct ComposerBody {
    var core: [String] = []
    var details: [String] = []
    var extras: [String] = []

    /// Categories where the sender may be a new customer, so the service area is worth saying.
    static let prospective: Set<Category> = [.sales, .formsub, .maintenance, .seasonal, .insurance, .wellness]

    /// Categories with wording of their own; the rest get a general acknowledgement.
    static let tailored: Set<Category> = [
        .sales, .support, .urgent, .formsub, .googleReview, .maintenance, .seasonal, .insurance,
        .wellness, .phone, .recruitment, .permits,
    ]

    init(_ context: ComposerContext) {
        let voice = context.voice
        let classification = context.request.classification
        let toBusiness = context.business.map { " to \($0)" } ?? ""
        switch classification.category {
        case .sales:
            let about = context.serviceName.map { "your interest in our \(Self.serviceLabel($0))" } ?? "reaching out\(toBusiness)"
            core.append(voice.thanks(about))
            core.append(context.asksForQuote
                ? "To put together an accurate quote, could you send us the service address, a few photos of the area or equipment involved, and a couple of preferred times for a visit?"
                : "To help us get started, could you send us the service address, a few photos, and a couple of preferred times for a visit?")
            if context.allowsPricing, let name = context.serviceName, let pricing = context.service?.pricing, !pricing.isEmpty {
                core.append("For reference, our \(Self.serviceLabel(name)) is priced at \(pricing); we'll confirm the exact figure once we've seen the job.")
            } else if context.asksForQuote {
                core.append("Once we have these details, we'll follow up with a detailed quote.")
            }
            details.append("We'll confirm an appointment time as soon as we hear back.")
        case .support:
            let entities = classification.entities
            let reference = [entities.orderNumber.map { "order \($0)" }, entities.invoiceNumber.map { "invoice \($0)" }]
                .compactMap { $0 }.first.flatMap(context.cleanReference)
            core.append(voice.thanks("letting us know" + (reference.map { " about \($0)" } ?? "")))
            core.append("We're looking into it and will get back to you as soon as possible.")
            details.append("If you can, reply with a few photos and any error codes or details you've noticed; it helps us come prepared.")
            extras.append("If anything changes in the meantime, just reply to this email.")
        case .urgent:
            // The safety steps and the emergency line open every emergency draft (`SafetyAdvice`), so the
            // body only acknowledges and says what happens next; it never repeats or contradicts the steps.
            core.append("We understand this is urgent, and we're treating it as a priority.")
            if context.closed {
                core.append("We'll follow up with you as soon as we can.")
            } else {
                core.append("Someone from our team will contact you as soon as possible.")
            }
            details.append("When it's safe to do so, please send the service address and a photo of the problem so we can come prepared.")
            extras.append("If anything changes before we reach you, reply to this email.")
        case .formsub:
            core.append(voice.thanks("submitting the form on our website") + " We've received your details.")
            details.append("Someone from our team will be in touch shortly to follow up.")
            extras.append("If there's anything you'd like to add, such as photos or preferred times, just reply to this email.")
        case .googleReview:
            switch classification.sentiment {
            case .positive:
                core.append(voice.thanks("the kind review"))
                details.append("We're glad you were happy with our work, and we appreciate you taking the time to share it.")
                extras.append("We look forward to helping you again.")
            case .negative:
                core.append(voice.thanks("your feedback") + " We're sorry your experience didn't meet your expectations.")
                let call = context.afterHoursPhone.map { " or call us at \($0)" } ?? ""
                details.append("We'd like to make this right; please reply to this email\(call) so we can look into it.")
                extras.append("Your feedback helps us improve.")
            case .neutral:
                core.append(voice.thanks("taking the time to leave a review"))
                details.append("If there's anything we could have done better, we'd like to hear about it.")
                extras.append("We look forward to helping you again.")
            }
        case .maintenance:
            let about = context.serviceName.map { " for your \(Self.serviceLabel($0))" } ?? ""
            core.append(voice.thanks("reaching out about maintenance\(about)"))
            core.append("We'd be happy to schedule a visit; please send a few preferred dates and the make and model of your system if you have them.")
            details.append("We'll confirm a time as soon as we hear back.")
            extras.append("Regular maintenance keeps your system running efficiently and helps avoid breakdowns.")
        case .seasonal:
            core.append(voice.thanks("reaching out about seasonal service"))
            core.append("Let us know your preferred dates for the opening or closing, and we'll confirm a time.")
            details.append("Our seasonal calendar fills up quickly, so we recommend booking early.")
        case .insurance:
            core.append(voice.thanks("the details about your insurance claim"))
            core.append("Please send your claim number, your adjuster's contact details, and any photos of the damage so we can prepare our assessment.")
            details.append("We can provide the documentation your insurer needs.")
        case .wellness:
            core.append(voice.thanks("reaching out\(toBusiness)"))
            core.append("Let us know the model you have and what you'd like help with, and we'll follow up.")
        case .phone:
            core.append(voice.missedCall)
            core.append("We'll call you back as soon as we can; if it's easier, reply with a good time to reach you.")
        case .recruitment:
            core.append(voice.thanks("your interest in joining " + (context.business ?? "our team")))
            details.append("We've received your application and will be in touch if your experience matches an open position.")
        case .permits:
            core.append(voice.thanks("the update on the permit"))
            details.append("We'll review it and follow up with any next steps.")
        case .manager, .suppliers, .banking, .promo, .socialMedia, .misc, .subcontractors:
            core.append(voice.thanks("your email\(toBusiness)"))
            details.append("We've received your message and will get back to you soon.")
        }
        if context.length == .long {
            extras.append("Please don't hesitate to reply with any questions.")
        }
        core = core.map(voice.shape)
        details = details.map(voice.shape)
        extras = extras.map(voice.shape)
        // The client's own words are kept as written.
        if classification.category == .sales, let description = context.clientSentences(context.service?.description) {
            extras.insert(description, at: 0)
        }
        if context.length == .long, Self.prospective.contains(classification.category),
           let area = context.clientSentences(context.request.profile.config.business?.serviceArea) {
            extras.insert("We serve \(area.trimmingCharacters(in: .punctuationCharacters)).", at: extras.count - 1)
        }
    }

    /// `Furnace Repair` → `Furnace Repair service`; a name that already says service stays as is.
    static func serviceLabel(_ name: String) -> String {
        let lower = name.lowercased()
        return lower.hasSuffix("service") || lower.hasSuffix("services") ? name : "\(name) service"
    }
}
