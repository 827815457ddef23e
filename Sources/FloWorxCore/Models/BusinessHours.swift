import Foundation

/// A wall-clock time of day, `HH:MM`; `24:00` is allowed as the end of an interval.
public struct ClockTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Minutes since midnight, 0...1440.
    public var minutes: Int

    public init(minutes: Int) {
        self.minutes = minutes
    }

    /// Parses `HH:MM` (00:00 through 24:00); `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...24).contains(hour), (0...59).contains(minute),
              hour < 24 || minute == 0
        else { return nil }
        minutes = hour * 60 + minute
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ClockTime(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected HH:MM, got \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool { lhs.minutes < rhs.minutes }
}

/// An opening interval. When `end <= start` it crosses midnight into the next day.
public struct OpenInterval: Sendable, Hashable, Codable {
    public var start: ClockTime
    public var end: ClockTime

    public init(start: ClockTime, end: ClockTime) {
        self.start = start
        self.end = end
    }

    /// Encoded as `["08:00", "17:00"]`.
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        start = try container.decode(ClockTime.self)
        end = try container.decode(ClockTime.self)
        if !container.isAtEnd {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "an interval has exactly two times")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(start)
        try container.encode(end)
    }

    /// Whether the interval runs past midnight.
    public var crossesMidnight: Bool { end <= start }
}

/// A day of the week as `business_hours.hours` names it.
public enum Weekday: String, Sendable, Codable, CaseIterable, Hashable {
    case mon, tue, wed, thu, fri, sat, sun

    /// Maps Foundation's Gregorian weekday (1 = Sunday … 7 = Saturday).
    public init(gregorian: Int) {
        self = [.sun, .mon, .tue, .wed, .thu, .fri, .sat][(gregorian - 1 + 7) % 7]
    }
}

/// `business_hours.hours` (schema version 1) together with the row's IANA `timezone`.
public struct BusinessHours: Sendable, Hashable {
    /// Opening intervals per weekday; a missing day is closed.
    public var weekly: [Weekday: [OpenInterval]]
    /// Dates (`YYYY-MM-DD`) on which the business is closed all day.
    public var holidays: [Holiday]
    /// Dates with their own intervals (empty = closed), taking precedence over `weekly`.
    public var overrides: [Override]
    /// The IANA timezone the times are in.
    public var timezone: String

    public init(weekly: [Weekday: [OpenInterval]], holidays: [Holiday] = [], overrides: [Override] = [], timezone: String) {
        self.weekly = weekly
        self.holidays = holidays
        self.overrides = overrides
        self.timezone = timezone
    }

    /// A closed day.
    public struct Holiday: Sendable, Hashable, Codable {
        public var date: String
        public var name: String?

        public init(date: String, name: String? = nil) {
            self.date = date
            self.name = name
        }
    }

    /// A dated exception to the weekly hours.
    public struct Override: Sendable, Hashable, Codable {
        public var date: String
        public var intervals: [OpenInterval]
        public var note: String?

        public init(date: String, intervals: [OpenInterval], note: String? = nil) {
            self.date = date
            self.intervals = intervals
            self.note = note
        }
    }
}

/// The JSON document stored in `business_hours.hours`.
public struct BusinessHoursDocument: Sendable, Hashable, Codable {
    public var version: Int?
    public var weekly: [String: [OpenInterval]]?
    public var holidays: [BusinessHours.Holiday]?
    public var overrides: [BusinessHours.Override]?

    public init(version: Int? = 1, weekly: [String: [OpenInterval]]? = nil, holidays: [BusinessHours.Holiday]? = nil, overrides: [BusinessHours.Override]? = nil) {
        self.version = version
        self.weekly = weekly
        self.holidays = holidays
        self.overrides = overrides
    }

    /// The hours in `timezone`; `nil` when no weekly hours are configured (the `{}` default).
    public func businessHours(timezone: String) -> BusinessHours? {
        guard let weekly else { return nil }
        var days: [Weekday: [OpenInterval]] = [:]
        for (key, intervals) in weekly {
            if let day = Weekday(rawValue: key) { days[day] = intervals }
        }
        return BusinessHours(weekly: days, holidays: holidays ?? [], overrides: overrides ?? [], timezone: timezone)
    }
}
