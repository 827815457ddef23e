import Foundation

/// Whether a business is open at one instant, and when it opens next.
public struct BusinessStatus: Sendable, Hashable {
    /// Whether the business is open at the instant the status was taken.
    public var isOpen: Bool
    /// The instant itself when open; otherwise the next opening, `nil` when none within 366 days.
    public var nextOpening: Date?
    /// The business's IANA timezone, for showing `nextOpening` in local time.
    public var timezone: String

    /// Creates a status.
    public init(isOpen: Bool, nextOpening: Date?, timezone: String) {
        self.isOpen = isOpen
        self.nextOpening = nextOpening
        self.timezone = timezone
    }
}
