import Foundation

/// Facts about one email that rule leaves compare against.
public struct EmailFacts: Sendable {
    /// The message itself: sender, subject and body.
    public var message: EmailMessage
    /// What the classifier decided: category, urgency, sentiment, sender kind.
    public var classification: Classification
    /// Whether the email arrived while the business was closed.
    public var afterHours: Bool
    /// Messages from the same sender (this one included) per window in hours, prefetched by the caller
    /// for the windows `RuleEngine.countWindows(_:)` names.
    public var senderRecentCounts: [Double: Int]
    /// The evaluation instant (for minutes_without_reply = minutes since message.receivedAt).
    public var now: Date

    /// Creates the facts for one evaluation.
    public init(message: EmailMessage, classification: Classification, afterHours: Bool, senderRecentCounts: [Double: Int] = [:], now: Date) {
        self.message = message
        self.classification = classification
        self.afterHours = afterHours
        self.senderRecentCounts = senderRecentCounts
        self.now = now
    }
}
