import Foundation

/// Everything a provider needs to draft a reply to one email.
public struct DraftRequest: Sendable {
    /// The email to answer.
    public var message: EmailMessage
    /// What the classifier decided about it.
    public var classification: Classification
    /// The client: business, services, policy, managers and active style.
    public var profile: ClientProfile
    /// Whether the business is open now and when it opens next; `nil` when hours are not configured.
    public var status: BusinessStatus?
    /// The instant the draft is written, for phrases such as "tomorrow at 8:00 AM".
    public var now: Date

    /// Creates a request.
    public init(message: EmailMessage, classification: Classification, profile: ClientProfile, status: BusinessStatus?, now: Date) {
        self.message = message
        self.classification = classification
        self.profile = profile
        self.status = status
        self.now = now
    }
}
