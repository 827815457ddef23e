/// The `Urgency` header (RFC 8030 §5.3): how soon the user agent should be woken. Escalation alerts use `high`.
public enum WebPushUrgency: String, Sendable, CaseIterable {
    case veryLow = "very-low"
    case low
    case normal
    case high
}
