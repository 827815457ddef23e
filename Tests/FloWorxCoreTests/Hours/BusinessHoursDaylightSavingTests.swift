import Foundation
import Testing
import FloWorxCore

/// Daylight-saving and unusual offsets. Transitions used (2026):
/// New York springs forward 03-08 07:00Z and falls back 11-01 06:00Z; Berlin 03-29 01:00Z and
/// 10-25 01:00Z; Sydney falls back 04-04 16:00Z and springs forward 10-03 16:00Z;
/// St. John's springs forward 03-08 05:30Z; Kolkata has no daylight saving.
@Suite struct BusinessHoursDaylightSavingTests {
    typealias Kit = HoursTestKit

    @Test func skippedHourOnSpringForwardNeverOpens() {
        let hours = Kit.hours([.sun: [["02:00", "03:00"]]], timezone: "America/New_York")
        for text in ["2026-03-08T06:59:59Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z", "2026-03-08T08:00:00Z"] {
            #expect(!hours.isOpen(at: Kit.instant(text)), "\(text)")
        }
        // The next time 02:00 exists on a Sunday is a week later, in EDT.
        #expect(hours.nextOpening(after: Kit.instant("2026-03-08T05:00:00Z")) == Kit.instant("2026-03-15T06:00:00Z"))
        // The Sunday before, in EST.
        #expect(hours.nextOpening(after: Kit.instant("2026-03-01T05:00:00Z")) == Kit.instant("2026-03-01T07:00:00Z"))
    }

    @Test func intervalReachingIntoTheSkippedHourClosesAtTheJump() {
        let hours = Kit.hours([.sun: [["01:00", "03:00"]]], timezone: "America/New_York")
        #expect(hours.isOpen(at: Kit.instant("2026-03-08T06:30:00Z")))
        #expect(hours.currentClosing(after: Kit.instant("2026-03-08T06:30:00Z")) == Kit.instant("2026-03-08T07:00:00Z"))
        #expect(!hours.isOpen(at: Kit.instant("2026-03-08T07:00:00Z")))
    }

    @Test func intervalStartingInTheSkippedHourOpensAtTheJump() {
        let hours = Kit.hours([.sun: [["02:30", "04:00"]]], timezone: "America/New_York")
        let midnight = Kit.instant("2026-03-08T05:00:00Z")
        #expect(hours.nextOpening(after: midnight) == Kit.instant("2026-03-08T07:00:00Z"))
        #expect(hours.currentClosing(after: Kit.instant("2026-03-08T07:00:00Z")) == Kit.instant("2026-03-08T08:00:00Z"))
    }

    @Test func repeatedHourOnFallBackIsOpenTwice() {
        let hours = Kit.hours([.sun: [["01:00", "02:00"]]], timezone: "America/New_York")
        #expect(!hours.isOpen(at: Kit.instant("2026-11-01T04:59:59Z")))
        for text in ["2026-11-01T05:00:00Z", "2026-11-01T05:59:59Z", "2026-11-01T06:00:00Z", "2026-11-01T06:59:59Z"] {
            #expect(hours.isOpen(at: Kit.instant(text)), "\(text)")
        }
        #expect(!hours.isOpen(at: Kit.instant("2026-11-01T07:00:00Z")))
        #expect(hours.nextOpening(after: Kit.instant("2026-11-01T04:00:00Z")) == Kit.instant("2026-11-01T05:00:00Z"))
        #expect(hours.currentClosing(after: Kit.instant("2026-11-01T05:10:00Z")) == Kit.instant("2026-11-01T07:00:00Z"))
    }

    @Test func wallClockRulesInsideTheRepeatedHour() {
        // 00:00–01:30 on fall-back day: the clock passes 01:30 once in EDT, then shows 01:00–01:30 again.
        let hours = Kit.hours([.sun: [["00:00", "01:30"]]], timezone: "America/New_York")
        #expect(hours.isOpen(at: Kit.instant("2026-11-01T05:15:00Z")), "01:15 EDT")
        #expect(!hours.isOpen(at: Kit.instant("2026-11-01T05:45:00Z")), "01:45 EDT")
        #expect(hours.isOpen(at: Kit.instant("2026-11-01T06:15:00Z")), "01:15 EST")
        #expect(hours.currentClosing(after: Kit.instant("2026-11-01T04:30:00Z")) == Kit.instant("2026-11-01T05:30:00Z"))
        #expect(hours.nextOpening(after: Kit.instant("2026-11-01T05:45:00Z")) == Kit.instant("2026-11-01T06:00:00Z"))
    }

    @Test func newYorkWorkdayShiftsWithTheOffset() {
        let hours = Kit.hours(Kit.weekdays([["08:00", "17:00"]]), timezone: "America/New_York")
        #expect(hours.isOpen(at: Kit.instant("2026-03-06T13:00:00Z")), "Friday 08:00 EST")
        #expect(!hours.isOpen(at: Kit.instant("2026-03-09T11:30:00Z")), "Monday 07:30 EDT")
        #expect(hours.isOpen(at: Kit.instant("2026-03-09T12:00:00Z")), "Monday 08:00 EDT")
    }

    @Test func nextOpeningAcrossSpringForwardWeekend() {
        let hours = Kit.hours(Kit.weekdays([["08:00", "17:00"]]), timezone: "America/New_York")
        let fridayEvening = Kit.instant("2026-03-06T23:00:00Z")
        #expect(hours.nextOpening(after: fridayEvening) == Kit.instant("2026-03-09T12:00:00Z"))
    }

    @Test func nextOpeningAcrossFallBackWeekend() {
        let hours = Kit.hours(Kit.weekdays([["08:00", "17:00"]]), timezone: "America/New_York")
        let fridayEvening = Kit.instant("2026-10-30T22:00:00Z")
        #expect(hours.nextOpening(after: fridayEvening) == Kit.instant("2026-11-02T13:00:00Z"))
    }

    @Test func berlinAcrossSpringForward() {
        let hours = Kit.hours(Kit.weekdays([["08:00", "17:00"]]), timezone: "Europe/Berlin")
        #expect(hours.isOpen(at: Kit.instant("2026-03-27T07:00:00Z")), "Friday 08:00 CET")
        #expect(hours.nextOpening(after: Kit.instant("2026-03-27T16:00:00Z")) == Kit.instant("2026-03-30T06:00:00Z"))
        #expect(hours.currentClosing(after: Kit.instant("2026-03-30T06:00:00Z")) == Kit.instant("2026-03-30T15:00:00Z"))
    }

    @Test func berlinSkippedAndRepeatedHours() {
        let hours = Kit.hours([.sun: [["02:00", "03:00"]]], timezone: "Europe/Berlin")
        #expect(!hours.isOpen(at: Kit.instant("2026-03-29T01:00:00Z")))
        #expect(!hours.isOpen(at: Kit.instant("2026-03-29T00:59:59Z")))
        #expect(hours.isOpen(at: Kit.instant("2026-10-25T00:00:00Z")), "02:00 CEST")
        #expect(hours.isOpen(at: Kit.instant("2026-10-25T01:30:00Z")), "02:30 CET")
        #expect(!hours.isOpen(at: Kit.instant("2026-10-25T02:00:00Z")), "03:00 CET")
        #expect(hours.currentClosing(after: Kit.instant("2026-10-25T00:00:00Z")) == Kit.instant("2026-10-25T02:00:00Z"))
    }

    @Test func sydneySouthernHemisphere() {
        let hours = Kit.hours(Kit.weekdays([["09:00", "17:00"]]), timezone: "Australia/Sydney")
        // January is summer (UTC+11): Monday 2026-01-05 09:00 is Sunday 22:00Z.
        #expect(hours.isOpen(at: Kit.instant("2026-01-04T22:00:00Z")))
        #expect(!hours.isOpen(at: Kit.instant("2026-01-04T21:59:00Z")))
        // July is winter (UTC+10): Monday 2026-07-06 09:00 is Sunday 23:00Z.
        #expect(!hours.isOpen(at: Kit.instant("2026-07-05T22:00:00Z")))
        #expect(hours.isOpen(at: Kit.instant("2026-07-05T23:00:00Z")))
        // Friday 2026-04-03 17:00 AEDT to Monday 2026-04-06 09:00 AEST, across the fall-back.
        #expect(hours.nextOpening(after: Kit.instant("2026-04-03T06:00:00Z")) == Kit.instant("2026-04-05T23:00:00Z"))
        // Friday 2026-10-02 17:00 AEST to Monday 2026-10-05 09:00 AEDT, across the spring-forward.
        #expect(hours.nextOpening(after: Kit.instant("2026-10-02T07:00:00Z")) == Kit.instant("2026-10-04T22:00:00Z"))
    }

    @Test func sydneyRepeatedHourInApril() {
        let hours = Kit.hours([.sun: [["02:00", "03:00"]]], timezone: "Australia/Sydney")
        #expect(hours.isOpen(at: Kit.instant("2026-04-04T15:00:00Z")), "02:00 AEDT")
        #expect(hours.isOpen(at: Kit.instant("2026-04-04T16:30:00Z")), "02:30 AEST")
        #expect(!hours.isOpen(at: Kit.instant("2026-04-04T17:00:00Z")))
        #expect(hours.currentClosing(after: Kit.instant("2026-04-04T15:00:00Z")) == Kit.instant("2026-04-04T17:00:00Z"))
    }

    @Test func kolkataHalfHourOffset() {
        let hours = Kit.hours(Kit.weekdays([["09:30", "18:30"]]), timezone: "Asia/Kolkata")
        #expect(!hours.isOpen(at: Kit.instant("2026-01-05T03:59:59Z")))
        #expect(hours.isOpen(at: Kit.instant("2026-01-05T04:00:00Z")))
        #expect(hours.currentClosing(after: Kit.instant("2026-01-05T04:00:00Z")) == Kit.instant("2026-01-05T13:00:00Z"))
        #expect(hours.nextOpening(after: Kit.instant("2026-01-09T13:00:00Z")) == Kit.instant("2026-01-12T04:00:00Z"))
    }

    @Test func stJohnsNegativeHalfHourOffsetWithDaylightSaving() {
        let hours = Kit.hours(Kit.weekdays([["09:00", "17:00"]]), timezone: "America/St_Johns")
        #expect(hours.isOpen(at: Kit.instant("2026-01-05T12:30:00Z")), "09:00 NST (-03:30)")
        #expect(!hours.isOpen(at: Kit.instant("2026-01-05T12:29:00Z")))
        #expect(hours.isOpen(at: Kit.instant("2026-07-06T11:30:00Z")), "09:00 NDT (-02:30)")
        #expect(!hours.isOpen(at: Kit.instant("2026-07-06T11:29:00Z")))
        #expect(hours.nextOpening(after: Kit.instant("2026-03-06T21:00:00Z")) == Kit.instant("2026-03-09T11:30:00Z"))
    }

    @Test func midnightCrossingShiftOverSpringForward() {
        // Saturday 22:00 to Sunday 04:00 in New York loses an hour that night: 5 real hours.
        let hours = Kit.hours([.sat: [["22:00", "04:00"]]], timezone: "America/New_York")
        let open = Kit.instant("2026-03-08T03:00:00Z")
        #expect(hours.isOpen(at: open))
        #expect(hours.currentClosing(after: open) == Kit.instant("2026-03-08T08:00:00Z"))
    }
}
