import Foundation
import FloWorxCore

/// Builders shared by the business-hours tests.
enum HoursTestKit {
    /// An instant from an ISO 8601 string such as `2026-03-08T07:00:00Z`.
    static func instant(_ text: String) -> Date {
        guard let date = ISO8601.parse(text) else { fatalError("bad test instant \(text)") }
        return date
    }

    /// An interval from `"HH:MM"` strings.
    static func interval(_ start: String, _ end: String) -> OpenInterval {
        OpenInterval(start: ClockTime(start)!, end: ClockTime(end)!)
    }

    /// Business hours from `[day: [[start, end], …]]`.
    static func hours(
        _ weekly: [Weekday: [[String]]], timezone: String,
        holidays: [String] = [], overrides: [String: [[String]]] = [:]
    ) -> BusinessHours {
        BusinessHours(
            weekly: weekly.mapValues { $0.map { interval($0[0], $0[1]) } },
            holidays: holidays.map { BusinessHours.Holiday(date: $0) },
            overrides: overrides.keys.sorted().map { date in
                BusinessHours.Override(date: date, intervals: overrides[date]!.map { interval($0[0], $0[1]) })
            },
            timezone: timezone
        )
    }

    /// Monday to Friday with the same intervals.
    static func weekdays(_ intervals: [[String]]) -> [Weekday: [[String]]] {
        [.mon: intervals, .tue: intervals, .wed: intervals, .thu: intervals, .fri: intervals]
    }

    /// A small seeded generator so that failures reproduce.
    struct Random: RandomNumberGenerator {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
