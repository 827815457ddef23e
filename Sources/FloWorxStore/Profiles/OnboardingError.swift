import Foundation

/// Why an onboarding was refused. Nothing was written in any case.
public enum OnboardingError: Error, Sendable, Hashable {
    /// The document has these problems (all of them, each named by its path).
    case invalid([OnboardingProblem])
    /// The business is set up already (its profile has a `client_config.business`).
    case alreadyOnboarded(UUID)
    /// The signed-in user has no profile row (the account was deleted meanwhile).
    case profileMissing(UUID)
    /// An account with this email address exists already (operator onboarding creates the account).
    case emailTaken(String)
}
