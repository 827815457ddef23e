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

extension DraftRequest {
    /// Open or closed at `now`, the moment of composing, and the next opening from then: what the draft's
    /// hours wording must be relative to. With the profile's hours it is evaluated afresh at `now` (a draft
    /// written after a backlog or across midnight must not say "later today" of a reopening that is
    /// tomorrow). Without them, `status` as given, unless its next opening has already passed: the business
    /// has opened since, and whether it is open now is unknown, so nothing is said about hours.
    public var composingStatus: BusinessStatus? {
        if let hours = profile.hours { return hours.status(at: now) }
        guard let status else { return nil }
        if !status.isOpen, let next = status.nextOpening, next <= now { return nil }
        return status
    }
}

