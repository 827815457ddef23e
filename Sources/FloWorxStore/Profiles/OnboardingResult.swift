import Foundation

/// What an onboarding created: the business and what it now has.
public struct OnboardingResult: Sendable, Hashable {
    /// The business's id (`profiles.id`, the auth user's id).
    public var clientId: UUID
    /// Its one time zone.
    public var timezone: String
    /// The name of its active communication style.
    public var styleName: String
    /// Whether that style was derived from the industry (the document gave none).
    public var styleDerived: Bool
    /// The names of all its escalation rules (the safety defaults included), highest priority first.
    public var rules: [String]

    /// Creates a result.
    public init(clientId: UUID, timezone: String, styleName: String, styleDerived: Bool, rules: [String]) {
        self.clientId = clientId
        self.timezone = timezone
        self.styleName = styleName
        self.styleDerived = styleDerived
        self.rules = rules
    }
}
