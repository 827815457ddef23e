import FloWorxCore

extension OnboardingDocument {
    /// The style a business starts with when its document gives none: a plain, courteous voice that suits its trade.
    /// Emergency trades (heating, plumbing, electrics, roofs) answer in a calm professional voice; leisure and home
    /// improvement trades (pools, hot tubs, saunas, landscaping, painting, flooring) in a warmer one. No signature
    /// phrases and no per-category guidance: those are the owner's own words, learned or written later.
    public static func defaultStyle(for industry: Industry) -> CommunicationStyle {
        let warm: Bool
        switch industry {
        case .poolsSpas, .hotTubs, .saunasIceBaths, .landscaping, .painting, .flooring:
            warm = true
        case .hvac, .plumbing, .electrical, .roofing, .generalContractor, .insulation:
            warm = false
        }
        return CommunicationStyle(
            name: "Default",
            tone: warm ? "friendly" : "professional",
            formality: warm ? "informal" : "neutral",
            personalityTraits: warm ? ["friendly", "helpful", "upbeat"] : ["reliable", "clear", "reassuring"],
            signaturePhrases: [],
            responsePatterns: ResponsePatterns(greeting: "Hi {first_name},", closing: warm ? "Thanks so much," : "Thanks,", length: .medium)
        )
    }
}
