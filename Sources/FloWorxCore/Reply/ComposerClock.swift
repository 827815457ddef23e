import Foundation

/// Says when the business reopens, in its own timezone, formatted by hand: no `DateFormatter`
/// or `Calendar` per draft. Foundation caches `TimeZone` instances per identifier.
enum ComposerClock {
    private static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    private static let months = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// Relative to `now`, on the business's local calendar: `later today at 1:00 PM` only when the opening
    /// falls on the same local day as `now`, `tomorrow at 8:00 AM` on the next local day, `Monday at 8:00 AM`
    /// within a week, else `on Monday, January 5 at 8:00 AM`.
    static func phrase(for opening: Date, now: Date, timezone: String) -> String {
        let zone = TimeZone(identifier: timezone) ?? TimeZone(secondsFromGMT: 0)!
        let local = local(opening, zone)
        let days = local.day - Self.local(now, zone).day
        let time = clock(minutes: local.minutes)
        switch days {
        // An opening already passed means the status is stale; callers avoid it (`composingStatus`).
        case ..<0: return "shortly"
        case 0: return "later today at \(time)"
        case 1: return "tomorrow at \(time)"
        case 2...6: return "\(weekdays[CivilDay.weekdayIndex(local.day)]) at \(time)"
        default:
            let date = CivilDay.date(local.day)
            return "on \(weekdays[CivilDay.weekdayIndex(local.day)]), \(months[date.month - 1]) \(date.day) at \(time)"
        }
    }

    /// The local day number and minutes since local midnight.
    private static func local(_ date: Date, _ zone: TimeZone) -> (day: Int, minutes: Int) {
        let seconds = Int((date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))).rounded(.down))
        let day = Int((Double(seconds) / 86_400).rounded(.down))
        return (day, (seconds - day * 86_400) / 60)
    }

    /// `8:00 AM`, `12:30 PM`, `12:00 AM`.
    private static func clock(minutes: Int) -> String {
        let hour = minutes / 60
        let minute = minutes % 60
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        return "\(twelve):\(minute < 10 ? "0" : "")\(minute) \(hour < 12 ? "AM" : "PM")"
    }
}
