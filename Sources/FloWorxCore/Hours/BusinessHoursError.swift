/// Why a `BusinessHours` value cannot be used as configured.
public enum BusinessHoursError: Error, Sendable, Hashable {
    /// The timezone is not one Foundation knows (`TimeZone(identifier:)` returned `nil`).
    case unknownTimezone(String)
    /// A holiday or override date is not a real `YYYY-MM-DD` calendar date.
    case invalidDate(String)
}
