import FloWorxCore
import Foundation
import Testing

/// Local days and digest times in a business's timezone, across daylight-saving changes, and which digests are due.
@Suite struct DigestScheduleTests {
    static let toronto = TimeZone(identifier: "America/Toronto")!

    static func instant(_ text: String) -> Date { ISO8601.parse(text)! }

    @Test func aLocalDayIsBoundedInItsOwnZone() {
        let bounds = DigestDate("2026-12-04")!.bounds(in: Self.toronto)
        #expect(bounds.start == Self.instant("2026-12-04T05:00:00Z"))
        #expect(bounds.end == Self.instant("2026-12-05T05:00:00Z"))
        // 23:30 local on the 4th is 04:30 UTC on the 5th: still the 4th's day.
        #expect(DigestDate.local(of: Self.instant("2026-12-05T04:30:00Z"), in: Self.toronto) == DigestDate("2026-12-04"))
    }

    @Test func daylightSavingDaysAre23And25HoursLong() {
        let spring = DigestDate("2026-03-08")!.bounds(in: Self.toronto)
        #expect(spring.end.timeIntervalSince(spring.start) == 23 * 3_600)
        let autumn = DigestDate("2026-11-01")!.bounds(in: Self.toronto)
        #expect(autumn.end.timeIntervalSince(autumn.start) == 25 * 3_600)
    }

    @Test func aSkippedSendTimeMovesToTheEndOfTheGap() {
        // 02:30 does not exist in Toronto on 8 March 2026: clocks go from 02:00 EST to 03:00 EDT (07:00 UTC).
        let time = DigestTime("02:30")!
        #expect(DigestDate("2026-03-08")!.instant(at: time, in: Self.toronto) == Self.instant("2026-03-08T07:00:00Z"))
        // 01:30 happens twice on 1 November: the first one (EDT) is taken.
        #expect(DigestDate("2026-11-01")!.instant(at: DigestTime("01:30")!, in: Self.toronto) == Self.instant("2026-11-01T05:30:00Z"))
    }

    @Test func theNextDigestIsQueuedAheadAndAMissedOneIsCaughtUp() {
        let schedule = DigestSchedule(time: DigestTime("07:00")!)
        // 06:00 local on the 5th: the digest of the 4th goes at 07:00 today.
        let before = schedule.due(now: Self.instant("2026-12-05T11:00:00Z"), in: Self.toronto, lastSent: DigestDate("2026-12-03"))
        #expect(before.map(\.date) == [DigestDate("2026-12-04")!])
        #expect(before[0].runAt == Self.instant("2026-12-05T12:00:00Z"))

        // 08:00 local on the 5th, and the 4th's digest never went out: caught up now, and the 5th's queued for tomorrow.
        let after = schedule.due(now: Self.instant("2026-12-05T13:00:00Z"), in: Self.toronto, lastSent: DigestDate("2026-12-03"))
        #expect(after.map(\.date) == [DigestDate("2026-12-04")!, DigestDate("2026-12-05")!])
        #expect(after[1].runAt == Self.instant("2026-12-06T12:00:00Z"))

        let sent = schedule.due(now: Self.instant("2026-12-05T13:00:00Z"), in: Self.toronto, lastSent: DigestDate("2026-12-04"))
        #expect(sent.map(\.date) == [DigestDate("2026-12-05")!], "a day already sent is not queued again")

        let newcomer = schedule.due(now: Self.instant("2026-12-05T13:00:00Z"), in: Self.toronto, lastSent: nil, since: Self.instant("2026-12-05T12:30:00Z"))
        #expect(newcomer.map(\.date) == [DigestDate("2026-12-05")!], "no digest for a day before the business signed up")
    }

    @Test func timesAndDatesParseStrictly() {
        #expect(DigestTime("07:00") == DigestTime(hour: 7, minute: 0))
        #expect(DigestTime("7:05")?.description == "07:05")
        for bad in ["24:00", "07:60", "0700", "7", "07:0", "-1:00", "aa:bb", ""] { #expect(DigestTime(bad) == nil, "\(bad)") }
        #expect(DigestDate("2026-02-29") == nil)
        #expect(DigestDate("2028-02-29")?.description == "2028-02-29")
        #expect(DigestDate("2026-12-31")!.adding(days: 1).description == "2027-01-01")
    }
}
