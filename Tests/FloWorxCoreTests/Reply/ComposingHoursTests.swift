import Foundation
import Testing
import FloWorxCore

/// The after-hours sentence is relative to the moment of composing, on the business's local calendar.
@Suite struct ComposingHoursTests {
    typealias Kit = ReplyTestKit

    /// Monday to Friday, 7:00 AM to 5:00 PM in Edmonton (UTC-7 in January).
    static let hours: BusinessHours = {
        let day = [OpenInterval(start: ClockTime("07:00")!, end: ClockTime("17:00")!)]
        return BusinessHours(weekly: [.mon: day, .tue: day, .wed: day, .thu: day, .fri: day], timezone: "America/Edmonton")
    }()

    static func compose(at now: String, status: BusinessStatus? = nil, hours: BusinessHours? = hours) -> String {
        let profile = ClientProfile(clientId: UUID(), config: Kit.config(), style: Kit.style(), hours: hours)
        let date = ISO8601.parse(now)!
        let request = DraftRequest(
            message: Kit.message(), classification: Kit.classification(.support), profile: profile,
            status: status ?? hours?.status(at: date), now: date
        )
        return BuiltInComposer().compose(request).text
    }

    @Test(arguments: [
        // Monday 2026-01-12, 5:30 PM local, already Tuesday in UTC: the reopening is tomorrow.
        ("2026-01-13T00:30:00Z", "tomorrow at 7:00 AM"),
        // One minute before local midnight, and one minute after it.
        ("2026-01-13T06:59:00Z", "tomorrow at 7:00 AM"),
        ("2026-01-13T07:01:00Z", "later today at 7:00 AM"),
        // Friday evening, Saturday noon, Saturday 11:59 PM, then Sunday 12:01 AM.
        ("2026-01-17T01:00:00Z", "Monday at 7:00 AM"),
        ("2026-01-17T19:00:00Z", "Monday at 7:00 AM"),
        ("2026-01-18T06:59:00Z", "Monday at 7:00 AM"),
        ("2026-01-18T07:01:00Z", "tomorrow at 7:00 AM"),
    ])
    func reopeningIsToldRelativeToNow(now: String, phrase: String) {
        let text = Self.compose(at: now)
        #expect(text.contains("We're closed right now; we'll be back \(phrase)."), "\(text)")
    }

    /// The email arrived Sunday night (reopening Monday 7:00 AM) and the draft is written Monday 11:30 PM:
    /// the hours are evaluated afresh, so the draft says tomorrow, not "later today at 7:00 AM".
    @Test func aDraftComposedAfterABacklogUsesTheHoursAtComposing() {
        let received = ISO8601.parse("2026-01-12T06:00:00Z")!
        let stale = Self.hours.status(at: received)
        #expect(stale.isOpen == false)
        let text = Self.compose(at: "2026-01-13T06:30:00Z", status: stale)
        #expect(text.contains("we'll be back tomorrow at 7:00 AM."), "\(text)")
        #expect(!text.contains("later today"))
    }

    @Test func openAtComposingSaysNothingAboutBeingClosed() {
        let closedAtArrival = Self.hours.status(at: ISO8601.parse("2026-01-12T06:00:00Z")!)
        let text = Self.compose(at: "2026-01-12T17:00:00Z", status: closedAtArrival)
        #expect(!text.contains("closed"))
    }

    @Test func withoutHoursAStatusWhoseOpeningHasPassedIsNotRepeated() {
        let stale = BusinessStatus(isOpen: false, nextOpening: ISO8601.parse("2026-01-12T14:00:00Z")!, timezone: "America/Edmonton")
        let text = Self.compose(at: "2026-01-13T06:30:00Z", status: stale, hours: nil)
        #expect(!text.contains("later today") && !text.contains("closed"))
        let fresh = Self.compose(at: "2026-01-12T06:30:00Z", status: stale, hours: nil)
        // Sunday 11:30 PM local: the Monday opening is still ahead, and it is tomorrow.
        #expect(fresh.contains("we'll be back tomorrow at 7:00 AM."), "\(fresh)")
    }

    @Test func composingStatusPrefersTheHours() {
        let profile = ClientProfile(clientId: UUID(), config: Kit.config(), hours: Self.hours)
        let now = ISO8601.parse("2026-01-12T17:00:00Z")!
        let request = DraftRequest(message: Kit.message(), classification: Kit.classification(), profile: profile, status: Kit.closed, now: now)
        #expect(request.composingStatus?.isOpen == true)
    }
}
