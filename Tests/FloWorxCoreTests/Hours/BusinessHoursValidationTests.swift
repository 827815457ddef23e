import Foundation
import Testing
import FloWorxCore

@Suite struct BusinessHoursValidationTests {
    typealias Kit = HoursTestKit

    @Test(arguments: ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "America/St_Johns", "UTC"])
    func knownTimezonesPass(zone: String) throws {
        let hours = Kit.hours([.mon: [["08:00", "17:00"]]], timezone: zone, holidays: ["2028-02-29"], overrides: ["2026-12-31": []])
        #expect(try hours.validated() == hours)
    }

    @Test(arguments: ["Mars/Olympus_Mons", "", "america/new_york", "New York"])
    func unknownTimezoneFails(zone: String) {
        let hours = Kit.hours([:], timezone: zone)
        #expect(throws: BusinessHoursError.unknownTimezone(zone)) { try hours.validated() }
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-04-31", "2026-00-10", "2026-1-5", "20260105", "2026-01-05T00:00", "abcd-ef-gh", "2100-02-29"])
    func invalidHolidayDateFails(date: String) {
        let hours = Kit.hours([:], timezone: "UTC", holidays: [date])
        #expect(throws: BusinessHoursError.invalidDate(date)) { try hours.validated() }
    }

    @Test func invalidOverrideDateFails() {
        let hours = Kit.hours([:], timezone: "UTC", overrides: ["2026-06-31": []])
        #expect(throws: BusinessHoursError.invalidDate("2026-06-31")) { try hours.validated() }
    }

    @Test func leapDaysAreRealDates() throws {
        for date in ["2024-02-29", "2000-02-29", "2028-02-29"] {
            _ = try Kit.hours([:], timezone: "UTC", holidays: [date]).validated()
        }
    }
}
