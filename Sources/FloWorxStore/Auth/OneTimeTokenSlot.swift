/// The kinds of emailed one-time token a user can hold, one live token each (GoTrue's token columns); see
/// migration 0036.
public enum OneTimeTokenSlot: String, Sendable, Hashable, CaseIterable {
    /// Sign-up confirmation.
    case confirmation
    /// Password recovery and magic links.
    case recovery
    /// Confirmation of a new email address.
    case emailChange = "email_change"
}
