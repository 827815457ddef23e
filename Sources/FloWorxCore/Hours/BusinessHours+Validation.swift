import Foundation

extension BusinessHours {
    /// Checks that the timezone is one Foundation knows (`TimeZone(identifier:)`) and that every
    /// holiday and override date is a real `YYYY-MM-DD` date; returns `self` unchanged when so.
    public func validated() throws(BusinessHoursError) -> BusinessHours {
        guard TimeZone(identifier: timezone) != nil else { throw .unknownTimezone(timezone) }
        for date in holidays.map(\.date) + overrides.map(\.date) where CivilDay.parse(date) == nil {
            throw .invalidDate(date)
        }
        return self
    }
}
