/// Something wrong with an onboarding document, named by its JSON path in the document, e.g.
/// `client_config.business.name`, `business_hours.hours.weekly.mon[0]` or `managers[1].email`.
public struct OnboardingProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where, from the document's root (`$` is the document itself).
    public var path: String
    /// What, e.g. `is required`.
    public var message: String

    /// Creates a problem.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
