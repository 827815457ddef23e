import Foundation
import Testing
import FloWorxCore

@Suite struct BusinessHoursTests {
    typealias Kit = HoursTestKit
    // 2026-01-05 is a Monday; New York is UTC-5 in January.
    let nineToFive = Kit.hours(Kit.weekdays([["08:00", "17:00"]]), timezone: "America/New_York")

    @Test func openInsideAndClosedOutsideOneInterval() {
        #expect(nineToFive.isOpen(at: Kit.instant("2026-01-05T13:00:00Z")))
        #expect(nineToFive.isOpen(at: Kit.instant("2026-01-05T17:00:00Z")))
        #expect(!nineToFive.isOpen(at: Kit.instant("2026-01-05T12:59:59Z")))
        #expect(nineToFive.isOpen(at: Kit.instant("2026-01-05T21:59:59Z")))
        #expect(!nineToFive.isOpen(at: Kit.instant("2026-01-05T22:00:00Z")), "the end is exclusive")
        #expect(!nineToFive.isOpen(at: Kit.instant("2026-01-10T15:00:00Z")), "Saturday has no hours")
    }

    @Test func splitShiftGap() {
        let hours = Kit.hours([.mon: [["08:00", "12:00"], ["13:00", "17:00"]]], timezone: "America/New_York")
        let lunch = Kit.instant("2026-01-05T17:30:00Z")
        #expect(!hours.isOpen(at: lunch))
        #expect(hours.nextOpening(after: lunch) == Kit.instant("2026-01-05T18:00:00Z"))
        #expect(hours.currentClosing(after: Kit.instant("2026-01-05T14:00:00Z")) == Kit.instant("2026-01-05T17:00:00Z"))
        #expect(hours.currentClosing(after: lunch) == nil)
        #expect(hours.currentClosing(after: Kit.instant("2026-01-05T19:00:00Z")) == Kit.instant("2026-01-05T22:00:00Z"))
    }

    @Test func intervalsNeedNotBeSorted() {
        let hours = Kit.hours([.mon: [["13:00", "17:00"], ["08:00", "12:00"]]], timezone: "UTC")
        #expect(hours.nextOpening(after: Kit.instant("2026-01-05T06:00:00Z")) == Kit.instant("2026-01-05T08:00:00Z"))
    }

    @Test func crossingMidnightBelongsToTheStartDay() {
        // Friday 2026-01-09 22:00 to Saturday 02:00, UTC.
        let hours = Kit.hours([.fri: [["22:00", "02:00"]]], timezone: "UTC")
        #expect(!hours.isOpen(at: Kit.instant("2026-01-09T21:59:59Z")))
        #expect(hours.isOpen(at: Kit.instant("2026-01-09T22:00:00Z")))
        #expect(hours.isOpen(at: Kit.instant("2026-01-10T01:59:00Z")))
        #expect(!hours.isOpen(at: Kit.instant("2026-01-10T02:00:00Z")))
        #expect(!hours.isOpen(at: Kit.instant("2026-01-08T01:00:00Z")), "Thursday has no spill")
        #expect(hours.currentClosing(after: Kit.instant("2026-01-09T23:00:00Z")) == Kit.instant("2026-01-10T02:00:00Z"))
        #expect(hours.nextOpening(after: Kit.instant("2026-01-10T03:00:00Z")) == Kit.instant("2026-01-16T22:00:00Z"))
    }

    @Test func holidayOnTheNextDayDoesNotCutTheSpill() {
        let hours = Kit.hours([.fri: [["22:00", "02:00"]], .sat: [["10:00", "14:00"]]], timezone: "UTC", holidays: ["2026-01-10"])
        #expect(hours.isOpen(at: Kit.instant("2026-01-10T01:00:00Z")), "Friday's shift runs on")
        #expect(!hours.isOpen(at: Kit.instant("2026-01-10T11:00:00Z")), "Saturday's own hours are off")
    }

    @Test func holidayOnTheStartDayRemovesTheWholeShift() {
        let hours = Kit.hours([.fri: [["22:00", "02:00"]]], timezone: "UTC", holidays: ["2026-01-09"])
        #expect(!hours.isOpen(at: Kit.instant("2026-01-09T23:00:00Z")))
        #expect(!hours.isOpen(at: Kit.instant("2026-01-10T01:00:00Z")))
    }

    @Test func emptyOverrideOnTheNextDayDoesNotCutTheSpill() {
        let hours = Kit.hours([.fri: [["22:00", "02:00"]]], timezone: "UTC", overrides: ["2026-01-10": []])
        #expect(hours.isOpen(at: Kit.instant("2026-01-10T01:00:00Z")))
    }

    @Test func equalStartAndEndIsAFullDay() {
        let hours = Kit.hours([.mon: [["08:00", "08:00"]]], timezone: "UTC")
        #expect(hours.isOpen(at: Kit.instant("2026-01-06T07:59:00Z")))
        #expect(!hours.isOpen(at: Kit.instant("2026-01-06T08:00:00Z")))
        #expect(hours.currentClosing(after: Kit.instant("2026-01-05T09:00:00Z")) == Kit.instant("2026-01-06T08:00:00Z"))
    }

    @Test func endOfDayAt2400() {
        let hours = Kit.hours([.mon: [["18:00", "24:00"]]], timezone: "UTC")
        #expect(hours.isOpen(at: Kit.instant("2026-01-05T23:59:59Z")))
        #expect(!hours.isOpen(at: Kit.instant("2026-01-06T00:00:00Z")))
        #expect(hours.currentClosing(after: Kit.instant("2026-01-05T20:00:00Z")) == Kit.instant("2026-01-06T00:00:00Z"))
    }

    @Test func backToBackIntervalsAcrossMidnightCloseOnce() {
        let hours = Kit.hours([.mon: [["08:00", "24:00"]], .tue: [["00:00", "06:00"], ["06:00", "09:00"]]], timezone: "UTC")
        #expect(hours.currentClosing(after: Kit.instant("2026-01-05T20:00:00Z")) == Kit.instant("2026-01-06T09:00:00Z"))
    }

    @Test func alwaysOpenHasNoClosingWithinTheHorizon() {
        let all = Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [["00:00", "24:00"]]) })
        let hours = Kit.hours(all, timezone: "Europe/Berlin")
        let now = Kit.instant("2026-03-28T12:00:00Z")
        #expect(hours.isOpen(at: now))
        #expect(hours.nextOpening(after: now) == now)
        #expect(hours.currentClosing(after: now) == nil)
    }

    @Test func overridesReplaceTheWeeklyIntervals() {
        let hours = Kit.hours(
            Kit.weekdays([["08:00", "17:00"]]), timezone: "UTC",
            overrides: ["2026-01-05": [], "2026-01-06": [["10:00", "14:00"]], "2026-01-11": [["09:00", "12:00"]]]
        )
        #expect(!hours.isOpen(at: Kit.instant("2026-01-05T12:00:00Z")), "empty override closes Monday")
        #expect(!hours.isOpen(at: Kit.instant("2026-01-06T09:00:00Z")))
        #expect(hours.isOpen(at: Kit.instant("2026-01-06T10:00:00Z")))
        #expect(!hours.isOpen(at: Kit.instant("2026-01-06T15:00:00Z")))
        #expect(hours.isOpen(at: Kit.instant("2026-01-11T10:00:00Z")), "an override opens a Sunday")
        #expect(hours.nextOpening(after: Kit.instant("2026-01-05T12:00:00Z")) == Kit.instant("2026-01-06T10:00:00Z"))
    }

    @Test func overrideWinsOverHolidayOnTheSameDate() {
        let hours = Kit.hours(
            Kit.weekdays([["08:00", "17:00"]]), timezone: "UTC",
            holidays: ["2026-12-24"], overrides: ["2026-12-24": [["09:00", "12:00"]]]
        )
        #expect(hours.isOpen(at: Kit.instant("2026-12-24T10:00:00Z")))
        #expect(!hours.isOpen(at: Kit.instant("2026-12-24T13:00:00Z")))
    }

    @Test func holidayClosesTheDay() {
        let hours = Kit.hours(Kit.weekdays([["08:00", "17:00"]]), timezone: "UTC", holidays: ["2026-01-05"])
        #expect(!hours.isOpen(at: Kit.instant("2026-01-05T12:00:00Z")))
        #expect(hours.isOpen(at: Kit.instant("2026-01-06T12:00:00Z")))
    }

    @Test func nextOpeningAcrossAHolidayWeekend() {
        // Labor Day, Monday 2026-09-07; New York is UTC-4 in September.
        let hours = Kit.hours(Kit.weekdays([["08:00", "17:00"]]), timezone: "America/New_York", holidays: ["2026-09-07"])
        let fridayEvening = Kit.instant("2026-09-04T21:30:00Z")
        #expect(hours.nextOpening(after: fridayEvening) == Kit.instant("2026-09-08T12:00:00Z"))
    }

    @Test func nextOpeningIsNowWhenOpen() {
        let now = Kit.instant("2026-01-05T15:00:00Z")
        #expect(nineToFive.nextOpening(after: now) == now)
    }

    @Test func nextOpeningAtTheExactClosingInstant() {
        #expect(nineToFive.nextOpening(after: Kit.instant("2026-01-05T22:00:00Z")) == Kit.instant("2026-01-06T13:00:00Z"))
    }

    @Test func neverOpenGivesNil() {
        let hours = Kit.hours([:], timezone: "UTC")
        #expect(hours.nextOpening(after: Kit.instant("2026-01-05T12:00:00Z")) == nil)
        #expect(!hours.isOpen(at: Kit.instant("2026-01-05T12:00:00Z")))
    }

    @Test func nextOpeningLooksAYearAhead() {
        let from = Kit.instant("2026-01-05T12:00:00Z")
        let near = Kit.hours([:], timezone: "UTC", overrides: ["2026-12-01": [["09:00", "10:00"]]])
        #expect(near.nextOpening(after: from) == Kit.instant("2026-12-01T09:00:00Z"))
        let far = Kit.hours([:], timezone: "UTC", overrides: ["2027-03-01": [["09:00", "10:00"]]])
        #expect(far.nextOpening(after: from) == nil)
    }

    @Test func everyClosedWeekdayAllHolidaysStillFindsTheNextOpenDay() {
        let holidays = (5...9).map { String(format: "2026-01-%02d", $0) }
        let hours = Kit.hours(Kit.weekdays([["08:00", "17:00"]]), timezone: "UTC", holidays: holidays)
        #expect(hours.nextOpening(after: Kit.instant("2026-01-04T12:00:00Z")) == Kit.instant("2026-01-12T08:00:00Z"))
    }

    @Test func statusCombinesOpenAndNextOpening() {
        let closed = nineToFive.status(at: Kit.instant("2026-01-10T15:00:00Z"))
        #expect(closed == BusinessStatus(isOpen: false, nextOpening: Kit.instant("2026-01-12T13:00:00Z"), timezone: "America/New_York"))
        let now = Kit.instant("2026-01-05T15:00:00Z")
        #expect(nineToFive.status(at: now) == BusinessStatus(isOpen: true, nextOpening: now, timezone: "America/New_York"))
    }

    @Test func unknownTimezoneIsReadAsUTC() {
        let hours = Kit.hours(Kit.weekdays([["08:00", "17:00"]]), timezone: "Mars/Olympus_Mons")
        #expect(hours.isOpen(at: Kit.instant("2026-01-05T08:00:00Z")))
        #expect(!hours.isOpen(at: Kit.instant("2026-01-05T07:59:00Z")))
    }

    @Test func unparsableDatesAreIgnored() {
        let hours = Kit.hours(Kit.weekdays([["08:00", "17:00"]]), timezone: "UTC", holidays: ["05/01/2026"])
        #expect(hours.isOpen(at: Kit.instant("2026-01-05T12:00:00Z")))
    }

    @Test func startAt2400OpensNothing() {
        let hours = Kit.hours([.mon: [["24:00", "02:00"]]], timezone: "UTC")
        #expect(!hours.isOpen(at: Kit.instant("2026-01-06T01:00:00Z")))
        #expect(hours.nextOpening(after: Kit.instant("2026-01-05T00:00:00Z")) == nil)
    }
}
