import Foundation

/// A `communication_styles` row: how the owner writes.
public struct CommunicationStyle: Sendable, Codable, Hashable {
    public var name: String
    /// e.g. `professional`, `friendly`, `casual`, `warm`.
    public var tone: String
    /// e.g. `formal`, `neutral`, `informal`.
    public var formality: String
    public var personalityTraits: [String]
    public var signaturePhrases: [String]
    public var responsePatterns: ResponsePatterns

    public init(
        name: String, tone: String = "professional", formality: String = "formal",
        personalityTraits: [String] = [], signaturePhrases: [String] = [],
        responsePatterns: ResponsePatterns = ResponsePatterns()
    ) {
        self.name = name
        self.tone = tone
        self.formality = formality
        self.personalityTraits = personalityTraits
        self.signaturePhrases = signaturePhrases
        self.responsePatterns = responsePatterns
    }

    enum CodingKeys: String, CodingKey {
        case name, tone, formality
        case personalityTraits = "personality_traits"
        case signaturePhrases = "signature_phrases"
        case responsePatterns = "response_patterns"
    }
}

/// `communication_styles.response_patterns` (schema version 1). `{}` is valid: defaults apply.
public struct ResponsePatterns: Sendable, Codable, Hashable {
    /// Reply length.
    public enum Length: String, Sendable, Codable, Hashable {
        case short, medium, long
    }

    /// Opening line; `{first_name}`, `{name}` and `{business}` are replaced.
    public var greeting: String?
    /// Closing line before the signature, e.g. `Thanks,`.
    public var closing: String?
    public var length: Length?
    /// Per category, a sentence or two the draft should include.
    public var categoryGuidance: [String: String]?

    public init(greeting: String? = nil, closing: String? = nil, length: Length? = nil, categoryGuidance: [String: String]? = nil) {
        self.greeting = greeting
        self.closing = closing
        self.length = length
        self.categoryGuidance = categoryGuidance
    }

    enum CodingKeys: String, CodingKey {
        case greeting, closing, length
        case categoryGuidance = "category_guidance"
    }
}
