import Foundation

/// Opening-hours queries. Times are read on the business's wall clock in its IANA timezone:
/// the business is open at an instant when the local time then falls inside an interval of that
/// local date, or inside the part after midnight of an interval that started the day before.
///
/// - Split shifts are separate intervals; a gap between them is closed.
/// - An interval with `end <= start` crosses midnight and belongs to the day it starts on:
///   Friday `["22:00","02:00"]` also covers Saturday 00:00–02:00, even when Saturday is a holiday
///   or has an override, since holidays and overrides act on the intervals that start that day.
/// - An override replaces that date's weekly intervals (an empty list closes the day) and wins over
///   a holiday on the same date. A holiday closes the intervals that start that day.
/// - Daylight saving follows the wall clock: an interval in the hour skipped when clocks spring
///   forward never opens, and one in the hour repeated when clocks fall back is open both times.
/// - An unknown timezone is read as UTC; `validated()` reports it. Unparsable dates are ignored.
extension BusinessHours {
    /// Whether the business is open at `date`.
    public func isOpen(at date: Date) -> Bool {
        HoursSchedule(self).isOpen(at: date.timeIntervalSince1970)
    }

    /// The next instant at or after `date` when the business is open (`date` itself if open);
    /// `nil` if it does not open within 366 days.
    public func nextOpening(after date: Date) -> Date? {
        HoursSchedule(self).nextOpening(after: date.timeIntervalSince1970).map(Date.init(timeIntervalSince1970:))
    }

    /// When the current open stretch ends, if open at `date`; `nil` when closed at `date` or when
    /// it stays open for the next 366 days.
    public func currentClosing(after date: Date) -> Date? {
        HoursSchedule(self).currentClosing(after: date.timeIntervalSince1970).map(Date.init(timeIntervalSince1970:))
    }

    /// Whether the business is open at `date` and when it opens next, computed together.
    public func status(at date: Date) -> BusinessStatus {
        let schedule = HoursSchedule(self)
        let instant = date.timeIntervalSince1970
        let open = schedule.isOpen(at: instant)
        let next = open ? instant : schedule.nextOpening(after: instant)
        return BusinessStatus(isOpen: open, nextOpening: next.map(Date.init(timeIntervalSince1970:)), timezone: timezone)
    }
}
