import Foundation

/// A calendar date in a business's own timezone (`YYYY-MM-DD`): the day a daily digest reports on.
public struct DigestDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (proleptic Gregorian).
    public let dayNumber: Int

    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// Parses a strict `YYYY-MM-DD` naming a real date; nil otherwise.
    public init?(_ text: String) {
        guard let number = CivilDay.parse(text) else { return nil }
        dayNumber = number
    }

    public init(year: Int, month: Int, day: Int) {
        dayNumber = CivilDay.number(year: year, month: month, day: day)
    }

    /// The local date of `instant` in `zone`.
    public static func local(of instant: Date, in zone: TimeZone) -> DigestDate {
        let local = instant.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: instant))
        return DigestDate(dayNumber: Int((local / 86_400).rounded(.down)))
    }

    public var year: Int { CivilDay.date(dayNumber).year }
    public var month: Int { CivilDay.date(dayNumber).month }
    public var day: Int { CivilDay.date(dayNumber).day }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> DigestDate { DigestDate(dayNumber: dayNumber + days) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = CivilDay.date(dayNumber)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// `Friday, 4 December`: English names, fixed, so the subject does not depend on the machine's locale.
    public var longName: String {
        let (_, month, day) = CivilDay.date(dayNumber)
        return "\(Self.weekdays[CivilDay.weekdayIndex(dayNumber)]), \(day) \(Self.months[month - 1])"
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// The instants of this local day in `zone`, `[start, end)`: 23 or 25 hours long across a daylight-saving change,
    /// and starting after the gap when clocks skip midnight.
    public func bounds(in zone: TimeZone) -> (start: Date, end: Date) {
        let localStart = dayNumber * 86_400
        var timeline = OffsetTimeline(zone: zone, from: Double(localStart) - 2 * 86_400)
        let pieces = timeline.instants(localStart: localStart, localEnd: localStart + 86_400)
        guard let first = pieces.first, let last = pieces.last else {
            // A day the zone skipped altogether (Samoa, 30 December 2011): an empty range at the next instant.
            let next = instant(atLocalSecond: 0, in: zone)
            return (next, next)
        }
        return (Date(timeIntervalSince1970: first.lower), Date(timeIntervalSince1970: last.upper))
    }

    /// The first instant at or after `time` on this local day in `zone` (the earlier one when clocks fall back; the end
    /// of the gap when they skip it).
    public func instant(at time: DigestTime, in zone: TimeZone) -> Date {
        instant(atLocalSecond: time.secondsIntoDay, in: zone)
    }

    private func instant(atLocalSecond second: Int, in zone: TimeZone) -> Date {
        let local = dayNumber * 86_400 + second
        var timeline = OffsetTimeline(zone: zone, from: Double(local) - 2 * 86_400)
        // The first instant whose wall time is at or after `local`, looking up to two days ahead.
        let pieces = timeline.instants(localStart: local, localEnd: local + 2 * 86_400)
        return Date(timeIntervalSince1970: pieces.first?.lower ?? Double(local))
    }

    public static func < (lhs: DigestDate, rhs: DigestDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = DigestDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a YYYY-MM-DD date: \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
