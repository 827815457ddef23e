import Foundation
import Testing
import FloWorxCore

/// Business minutes: SLA deadlines and elapsed business time on the business's wall clock. Transitions used (2026):
/// New York springs forward 03-08 07:00Z and falls back 11-01 06:00Z; London 03-29 01:00Z and 10-25 01:00Z; Lord Howe
/// (a 30-minute shift) falls back 04-04 15:00Z (02:00 → 01:30 on Sunday 04-05) and springs forward 10-03 15:30Z
/// (02:00 → 02:30 on Sunday 10-04).
@Suite struct BusinessClockTests {
    typealias Kit = HoursTestKit

    static let newYorkOffice = Kit.hours(Kit.weekdays([["09:00", "17:00"]]), timezone: "America/New_York")

    static func minutes(_ clock: BusinessClock, _ from: String, _ to: String) -> Int {
        clock.businessMinutes(from: Kit.instant(from), to: Kit.instant(to))
    }

    @Test func startInsideHoursCountsFromStart() {
        let clock = BusinessClock(hours: Self.newYorkOffice)
        // Monday 2026-01-05 10:00 EST.
        #expect(clock.deadline(from: Kit.instant("2026-01-05T15:00:00Z"), businessMinutes: 120) == Kit.instant("2026-01-05T17:00:00Z"))
        #expect(Self.minutes(clock, "2026-01-05T15:00:00Z", "2026-01-05T17:00:00Z") == 120)
        // Seconds count: 10:00:30 plus one minute is 10:01:30.
        #expect(clock.deadline(from: Kit.instant("2026-01-05T15:00:30Z"), businessMinutes: 1) == Kit.instant("2026-01-05T15:01:30Z"))
    }

    @Test func startOutsideHoursCountsFromTheNextOpening() {
        let clock = BusinessClock(hours: Self.newYorkOffice)
        // Monday 06:00 EST: counting starts at 09:00.
        #expect(clock.deadline(from: Kit.instant("2026-01-05T11:00:00Z"), businessMinutes: 30) == Kit.instant("2026-01-05T14:30:00Z"))
        // Friday 16:00: one hour on Friday, one on Monday.
        #expect(clock.deadline(from: Kit.instant("2026-01-09T21:00:00Z"), businessMinutes: 120) == Kit.instant("2026-01-12T15:00:00Z"))
        // Saturday noon: Monday 09:00 + 8 h is Monday's closing time, not Tuesday's opening.
        #expect(clock.deadline(from: Kit.instant("2026-01-10T17:00:00Z"), businessMinutes: 480) == Kit.instant("2026-01-12T22:00:00Z"))
        #expect(clock.deadline(from: Kit.instant("2026-01-10T17:00:00Z"), businessMinutes: 481) == Kit.instant("2026-01-13T14:01:00Z"))
        // A weekend counts nothing.
        #expect(Self.minutes(clock, "2026-01-09T22:00:00Z", "2026-01-12T14:00:00Z") == 0)
        // A whole week is five days of eight hours.
        #expect(Self.minutes(clock, "2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z") == 5 * 480)
    }

    @Test func splitShiftsSkipTheGap() {
        let clock = BusinessClock(hours: Kit.hours(Kit.weekdays([["08:00", "12:00"], ["13:00", "17:00"]]), timezone: "America/Chicago"))
        // Monday 11:30 CST + 60 min: 30 before lunch, 30 after.
        #expect(clock.deadline(from: Kit.instant("2026-01-05T17:30:00Z"), businessMinutes: 60) == Kit.instant("2026-01-05T19:30:00Z"))
        // Lunch itself: counting starts at 13:00.
        #expect(clock.deadline(from: Kit.instant("2026-01-05T18:15:00Z"), businessMinutes: 15) == Kit.instant("2026-01-05T19:15:00Z"))
        #expect(Self.minutes(clock, "2026-01-05T14:00:00Z", "2026-01-05T23:00:00Z") == 480)
    }

    @Test func intervalsCrossingMidnightBelongToTheirStartDay() {
        // Friday 22:00–02:00 only.
        let clock = BusinessClock(hours: Kit.hours([.fri: [["22:00", "02:00"]]], timezone: "America/New_York"))
        // Friday 2026-01-09 23:00 EST + 120 min: Saturday 01:00.
        #expect(clock.deadline(from: Kit.instant("2026-01-10T04:00:00Z"), businessMinutes: 120) == Kit.instant("2026-01-10T06:00:00Z"))
        // Saturday 01:00 + 120: 60 left on Saturday, the rest the next Friday at 22:00.
        #expect(clock.deadline(from: Kit.instant("2026-01-10T06:00:00Z"), businessMinutes: 120) == Kit.instant("2026-01-17T04:00:00Z"))
        #expect(Self.minutes(clock, "2026-01-09T00:00:00Z", "2026-01-16T00:00:00Z") == 240)
    }

    @Test func overlappingIntervalsCountOnce() {
        // Friday 22:00–02:00 and Saturday 00:00–04:00 overlap from 00:00 to 02:00.
        let clock = BusinessClock(hours: Kit.hours([.fri: [["22:00", "02:00"]], .sat: [["00:00", "04:00"]]], timezone: "UTC"))
        #expect(Self.minutes(clock, "2026-01-09T00:00:00Z", "2026-01-11T00:00:00Z") == 360)
        #expect(clock.deadline(from: Kit.instant("2026-01-09T22:00:00Z"), businessMinutes: 360) == Kit.instant("2026-01-10T04:00:00Z"))
        // Back-to-back intervals (…–24:00, 00:00–…) are one stretch.
        let night = BusinessClock(hours: Kit.hours([.mon: [["20:00", "24:00"]], .tue: [["00:00", "06:00"]]], timezone: "UTC"))
        #expect(night.deadline(from: Kit.instant("2026-01-05T23:00:00Z"), businessMinutes: 120) == Kit.instant("2026-01-06T01:00:00Z"))
    }

    @Test func holidaysCloseAndOverridesReplaceTheDay() {
        let hours = Kit.hours(
            Kit.weekdays([["09:00", "17:00"]]), timezone: "America/New_York",
            holidays: ["2026-01-12", "2026-01-14"],
            overrides: ["2026-01-10": [["10:00", "12:00"]], "2026-01-14": [["09:00", "10:00"]], "2026-01-15": []])
        let clock = BusinessClock(hours: hours)
        // Friday 16:00 + 120: Friday 60, Saturday's override 10:00–11:00 (Monday is a holiday).
        #expect(clock.deadline(from: Kit.instant("2026-01-09T21:00:00Z"), businessMinutes: 120) == Kit.instant("2026-01-10T16:00:00Z"))
        // Saturday 12:00 + 60: Monday is a holiday, so Tuesday 10:00.
        #expect(clock.deadline(from: Kit.instant("2026-01-10T17:00:00Z"), businessMinutes: 60) == Kit.instant("2026-01-13T15:00:00Z"))
        // Wednesday: an override beats the holiday on the same date (09:00–10:00); Thursday is closed by an empty override.
        #expect(Self.minutes(clock, "2026-01-14T00:00:00Z", "2026-01-16T00:00:00Z") == 60)
        #expect(clock.deadline(from: Kit.instant("2026-01-14T14:30:00Z"), businessMinutes: 60) == Kit.instant("2026-01-16T14:30:00Z"))
    }

    @Test func fallBackDayCountsTheRepeatedHour() {
        // 01:00–03:00 on the fall-back Sunday lasts three real hours.
        let clock = BusinessClock(hours: Kit.hours([.sun: [["01:00", "03:00"]]], timezone: "America/New_York"))
        #expect(Self.minutes(clock, "2026-10-31T12:00:00Z", "2026-11-02T12:00:00Z") == 180)
        #expect(clock.deadline(from: Kit.instant("2026-11-01T04:00:00Z"), businessMinutes: 150) == Kit.instant("2026-11-01T07:30:00Z"))
        #expect(clock.deadline(from: Kit.instant("2026-11-01T04:00:00Z"), businessMinutes: 180) == Kit.instant("2026-11-01T08:00:00Z"))
        // The Sunday before is two hours.
        #expect(Self.minutes(clock, "2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z") == 120)
    }

    @Test func springForwardDayLosesTheSkippedHour() {
        let clock = BusinessClock(hours: Kit.hours([.sun: [["01:00", "03:00"]]], timezone: "America/New_York"))
        #expect(Self.minutes(clock, "2026-03-07T12:00:00Z", "2026-03-09T12:00:00Z") == 60)
        // 01:00 EST is 06:00Z; the clock jumps at 07:00Z (02:00 EST → 03:00 EDT) and the interval ends there.
        #expect(clock.deadline(from: Kit.instant("2026-03-08T05:00:00Z"), businessMinutes: 60) == Kit.instant("2026-03-08T07:00:00Z"))
        // Minute 61 is next Sunday's 01:00 EDT (05:00Z) plus one.
        #expect(clock.deadline(from: Kit.instant("2026-03-08T05:00:00Z"), businessMinutes: 61) == Kit.instant("2026-03-15T05:01:00Z"))
    }

    @Test func londonWeekendAcrossTheClockChange() {
        let clock = BusinessClock(hours: Kit.hours(Kit.weekdays([["09:00", "17:00"]]), timezone: "Europe/London"))
        // Friday 2026-03-27 16:00 GMT + 120: Monday 10:00 BST = 09:00Z.
        #expect(clock.deadline(from: Kit.instant("2026-03-27T16:00:00Z"), businessMinutes: 120) == Kit.instant("2026-03-30T09:00:00Z"))
        // Autumn: Friday 2026-10-23 16:00 BST (15:00Z) + 120: Monday 10:00 GMT.
        #expect(clock.deadline(from: Kit.instant("2026-10-23T15:00:00Z"), businessMinutes: 120) == Kit.instant("2026-10-26T10:00:00Z"))
    }

    @Test func lordHoweHalfHourShift() {
        let clock = BusinessClock(hours: Kit.hours([.sun: [["01:00", "03:00"]]], timezone: "Australia/Lord_Howe"))
        // Fall back 02:00 → 01:30: the interval lasts 2 h 30.
        #expect(Self.minutes(clock, "2026-04-04T00:00:00Z", "2026-04-05T12:00:00Z") == 150)
        // 01:00 LHDT is 14:00Z; 150 minutes later is 03:00 LHST, 16:30Z.
        #expect(clock.deadline(from: Kit.instant("2026-04-04T12:00:00Z"), businessMinutes: 150) == Kit.instant("2026-04-04T16:30:00Z"))
        // Spring forward 02:00 → 02:30: 1 h 30.
        #expect(Self.minutes(clock, "2026-10-03T00:00:00Z", "2026-10-04T12:00:00Z") == 90)
        #expect(clock.deadline(from: Kit.instant("2026-10-03T12:00:00Z"), businessMinutes: 90) == Kit.instant("2026-10-03T16:00:00Z"))
    }

    @Test func withoutHoursEveryMinuteCounts() {
        let clock = BusinessClock(hours: nil)
        let start = Kit.instant("2026-03-08T06:30:00Z")
        #expect(clock.deadline(from: start, businessMinutes: 90) == Kit.instant("2026-03-08T08:00:00Z"))
        #expect(clock.businessMinutes(from: start, to: Kit.instant("2026-03-09T06:30:00Z")) == 1440)
    }

    @Test func edgeCounts() {
        let clock = BusinessClock(hours: Self.newYorkOffice)
        let saturday = Kit.instant("2026-01-10T17:00:00Z")
        #expect(clock.deadline(from: saturday, businessMinutes: 0) == saturday)
        #expect(clock.deadline(from: saturday, businessMinutes: -1) == nil)
        #expect(clock.businessMinutes(from: Kit.instant("2026-01-05T17:00:00Z"), to: Kit.instant("2026-01-05T15:00:00Z")) == 0)
        // A partial minute is not a minute.
        #expect(clock.businessMinutes(from: Kit.instant("2026-01-05T15:00:00Z"), to: Kit.instant("2026-01-05T15:01:59Z")) == 1)
    }

    @Test func aScheduleThatNeverOpensWithinTheHorizonHasNoDeadline() {
        let never = BusinessClock(hours: Kit.hours([:], timezone: "UTC"))
        #expect(never.deadline(from: Kit.instant("2026-01-05T00:00:00Z"), businessMinutes: 1) == nil)
        #expect(never.businessMinutes(from: Kit.instant("2026-01-05T00:00:00Z"), to: Kit.instant("2026-03-05T00:00:00Z")) == 0)
        // Open one day, 90 days away: beyond the default 60 closed days, within 120.
        let far = Kit.hours([:], timezone: "UTC", overrides: ["2026-04-05": [["09:00", "10:00"]]])
        #expect(BusinessClock(hours: far).deadline(from: Kit.instant("2026-01-05T00:00:00Z"), businessMinutes: 30) == nil)
        #expect(BusinessClock(hours: far, maximumClosedDays: 120).deadline(from: Kit.instant("2026-01-05T00:00:00Z"), businessMinutes: 30)
            == Kit.instant("2026-04-05T09:30:00Z"))
        // A target bigger than the open time left: the minutes run out, no deadline.
        #expect(BusinessClock(hours: far, maximumClosedDays: 120).deadline(from: Kit.instant("2026-01-05T00:00:00Z"), businessMinutes: 61) == nil)
    }

    static let schedules: [(String, BusinessHours)] = [
        ("new york office", newYorkOffice),
        ("chicago split shift", Kit.hours(Kit.weekdays([["08:00", "12:00"], ["13:00", "17:30"]]), timezone: "America/Chicago",
                                         holidays: ["2026-07-03", "2026-11-26", "2026-12-25"], overrides: ["2026-12-24": [["08:00", "12:00"]]])),
        ("london late shop", Kit.hours([.mon: [["09:00", "17:00"]], .fri: [["18:00", "02:00"]], .sat: [["00:00", "03:00"], ["10:00", "16:00"]],
                                        .sun: [["00:30", "02:30"]]], timezone: "Europe/London")),
        ("lord howe nights", Kit.hours([.sun: [["01:00", "03:00"]], .wed: [["22:00", "06:00"]], .thu: [["01:30", "02:15"]]],
                                       timezone: "Australia/Lord_Howe", holidays: ["2026-04-08"])),
        ("new york emergency line", Kit.hours([.sat: [["20:00", "04:00"]], .sun: [["00:00", "03:00"], ["01:00", "02:30"]]], timezone: "America/New_York")),
    ]

    /// For random starts over 2026 (a year with both clock changes) and random targets up to the schema's maximum of
    /// 10080 minutes: the minutes counted up to the deadline are the target, one second less is one minute less, and
    /// the deadline is never before the start.
    @Test(arguments: 0..<schedules.count)
    func deadlineAndCountAgree(_ index: Int) {
        let (name, hours) = Self.schedules[index]
        let clock = BusinessClock(hours: hours)
        var random = Kit.Random(seed: 0x5EED + UInt64(index))
        let yearStart = Kit.instant("2026-01-01T00:00:00Z").timeIntervalSince1970
        for _ in 0..<150 {
            let start = Date(timeIntervalSince1970: yearStart + Double(Int.random(in: 0..<(365 * 86_400), using: &random)))
            let minutes = [Int.random(in: 1...180, using: &random), Int.random(in: 1...10_080, using: &random)][Int.random(in: 0...1, using: &random)]
            guard let due = clock.deadline(from: start, businessMinutes: minutes) else {
                Issue.record("\(name): no deadline from \(start) for \(minutes)")
                continue
            }
            #expect(due >= start, "\(name) \(start)")
            #expect(clock.businessMinutes(from: start, to: due) == minutes, "\(name) from \(start) + \(minutes)")
            #expect(clock.businessMinutes(from: start, to: due.addingTimeInterval(-1)) == minutes - 1, "\(name) from \(start) + \(minutes)")
            // The last minute before the deadline is open time.
            #expect(hours.isOpen(at: due.addingTimeInterval(-1)), "\(name) from \(start) + \(minutes)")
        }
    }

    /// Business minutes against an independent count: the existing `isOpen` sampled in the middle of every minute
    /// (every schedule here changes state on whole minutes, daylight saving included), over windows of up to two days
    /// around each 2026 clock change and at random.
    @Test(arguments: 0..<schedules.count)
    func countMatchesMinuteByMinuteSampling(_ index: Int) {
        let (name, hours) = Self.schedules[index]
        let clock = BusinessClock(hours: hours)
        var random = Kit.Random(seed: 0xC0FFEE + UInt64(index))
        let anchors = ["2026-03-08T00:00:00Z", "2026-03-29T00:00:00Z", "2026-04-04T00:00:00Z", "2026-10-03T00:00:00Z",
                       "2026-10-25T00:00:00Z", "2026-11-01T00:00:00Z", "2026-12-24T00:00:00Z"].map { Kit.instant($0).timeIntervalSince1970 }
        for round in 0..<14 {
            let base = round < anchors.count ? anchors[round] : Kit.instant("2026-01-01T00:00:00Z").timeIntervalSince1970 + Double(Int.random(in: 0..<360, using: &random) * 86_400)
            let startMinute = Int.random(in: -1_440..<1_440, using: &random)
            let length = Int.random(in: 1...2_880, using: &random)
            let start = Date(timeIntervalSince1970: base + Double(startMinute * 60))
            var open = 0
            for minute in 0..<length where hours.isOpen(at: start.addingTimeInterval(Double(minute * 60) + 30)) { open += 1 }
            #expect(clock.businessMinutes(from: start, to: start.addingTimeInterval(Double(length * 60))) == open, "\(name) from \(start) for \(length)")
        }
    }
}
