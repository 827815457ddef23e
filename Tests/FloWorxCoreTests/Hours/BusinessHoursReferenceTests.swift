import Foundation
import Testing
import FloWorxCore

/// Compares the hours arithmetic with a straightforward `Calendar`-based reading of the wall clock
/// over random schedules and instants, many of them near daylight-saving transitions.
@Suite struct BusinessHoursReferenceTests {
    typealias Kit = HoursTestKit

    static let zones = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "America/St_Johns", "UTC"]

    /// Transitions of 2026 to sample around (UTC).
    static let hotSpots = [
        "2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z", "2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z",
        "2026-04-04T16:00:00Z", "2026-10-03T16:00:00Z", "2026-03-08T05:30:00Z", "2026-11-01T04:30:00Z",
    ].map(Kit.instant)

    @Test(arguments: zones)
    func matchesTheWallClockReference(zone: String) {
        var random = HoursTestKit.Random(seed: UInt64(zone.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) }))
        for _ in 0..<40 {
            let hours = Self.randomHours(zone: zone, using: &random)
            let reference = WallClockReference(hours)
            for _ in 0..<60 {
                let instant = Self.randomInstant(using: &random)
                #expect(hours.isOpen(at: instant) == reference.isOpen(at: instant), "\(zone) \(instant) \(hours)")
            }
        }
    }

    @Test(arguments: zones)
    func nextOpeningAndClosingAreTheFirstChanges(zone: String) {
        var random = HoursTestKit.Random(seed: UInt64(zone.utf8.count) &* 977)
        for _ in 0..<25 {
            let hours = Self.randomHours(zone: zone, using: &random)
            for _ in 0..<4 {
                let instant = Self.randomInstant(using: &random)
                let grid = Self.quarterHours(after: instant)
                if let next = hours.nextOpening(after: instant) {
                    #expect(hours.isOpen(at: next))
                    if next > instant {
                        #expect(!hours.isOpen(at: next.addingTimeInterval(-1)))
                        #expect(!hours.isOpen(at: instant))
                        for point in grid.prefix(while: { $0 < next }) {
                            #expect(!hours.isOpen(at: point), "\(zone) open at \(point) before \(next)")
                        }
                    }
                } else {
                    #expect(grid.prefix(96 * 8).allSatisfy { !hours.isOpen(at: $0) })
                }
                if let closing = hours.currentClosing(after: instant) {
                    #expect(hours.isOpen(at: instant))
                    #expect(!hours.isOpen(at: closing))
                    #expect(hours.isOpen(at: closing.addingTimeInterval(-1)))
                    for point in grid.prefix(while: { $0 < closing }) {
                        #expect(hours.isOpen(at: point), "\(zone) closed at \(point) before \(closing)")
                    }
                } else if hours.isOpen(at: instant) {
                    #expect(grid.prefix(96 * 8).allSatisfy { hours.isOpen(at: $0) })
                }
            }
        }
    }

    /// Every quarter hour in UTC after `instant` for 30 days. Interval times are on a quarter-hour
    /// grid and every offset used is a multiple of 30 minutes, so openness only changes on it.
    static func quarterHours(after instant: Date) -> [Date] {
        let first = (instant.timeIntervalSince1970 / 900).rounded(.down) * 900 + 900
        return (0..<(96 * 30)).map { Date(timeIntervalSince1970: first + Double($0) * 900) }
    }

    static func randomInstant(using random: inout HoursTestKit.Random) -> Date {
        if Bool.random(using: &random) {
            let spot = hotSpots.randomElement(using: &random)!
            return spot.addingTimeInterval(Double(Int.random(in: -2 * 86_400...2 * 86_400, using: &random)))
        }
        return Kit.instant("2026-01-01T00:00:00Z").addingTimeInterval(Double(Int.random(in: 0..<365 * 86_400, using: &random)))
    }

    static func randomTime(using random: inout HoursTestKit.Random) -> String {
        let quarter = Int.random(in: 0...96, using: &random)
        return String(format: "%02d:%02d", quarter / 4, (quarter % 4) * 15)
    }

    static func randomIntervals(using random: inout HoursTestKit.Random) -> [[String]] {
        (0..<Int.random(in: 0...3, using: &random)).map { _ in [randomTime(using: &random), randomTime(using: &random)] }
    }

    static func randomDate(using random: inout HoursTestKit.Random) -> String {
        let day = Int.random(in: 0..<365, using: &random)
        let date = Kit.instant("2026-01-01T12:00:00Z").addingTimeInterval(Double(day) * 86_400)
        return String(ISO8601.format(date).prefix(10))
    }

    static func randomHours(zone: String, using random: inout HoursTestKit.Random) -> BusinessHours {
        var weekly: [Weekday: [[String]]] = [:]
        for day in Weekday.allCases where Int.random(in: 0..<4, using: &random) > 0 {
            weekly[day] = randomIntervals(using: &random)
        }
        let holidays = (0..<Int.random(in: 0...6, using: &random)).map { _ in randomDate(using: &random) }
        var overrides: [String: [[String]]] = [:]
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            overrides[randomDate(using: &random)] = randomIntervals(using: &random)
        }
        return Kit.hours(weekly, timezone: zone, holidays: holidays, overrides: overrides)
    }
}

/// The obvious implementation: read the local date and time with `Calendar`, then look at that
/// date's intervals and the previous date's intervals that cross midnight.
private struct WallClockReference {
    let hours: BusinessHours
    let calendar: Calendar
    let utc: Calendar

    init(_ hours: BusinessHours) {
        self.hours = hours
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: hours.timezone)!
        self.calendar = calendar
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        self.utc = utc
    }

    func intervals(on components: DateComponents) -> [OpenInterval] {
        let key = String(format: "%04d-%02d-%02d", components.year!, components.month!, components.day!)
        if let override = hours.overrides.first(where: { $0.date == key }) { return override.intervals }
        if hours.holidays.contains(where: { $0.date == key }) { return [] }
        let weekday = Weekday(gregorian: components.weekday!)
        return hours.weekly[weekday] ?? []
    }

    func isOpen(at date: Date) -> Bool {
        let local = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let seconds = local.hour! * 3600 + local.minute! * 60 + local.second!
        let noon = utc.date(from: DateComponents(year: local.year, month: local.month, day: local.day, hour: 12))!
        let previous = utc.dateComponents([.year, .month, .day, .weekday], from: noon.addingTimeInterval(-86_400))
        let today = intervals(on: local).contains { interval in
            interval.start.minutes < 1440 && interval.start.minutes * 60 <= seconds
                && (interval.crossesMidnight || seconds < interval.end.minutes * 60)
        }
        let spill = intervals(on: previous).contains { interval in
            interval.start.minutes < 1440 && interval.crossesMidnight && seconds < interval.end.minutes * 60
        }
        return today || spill
    }
}
