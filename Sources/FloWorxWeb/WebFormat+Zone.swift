import FloWorxCore
import Foundation

extension WebFormat {
    /// The business's time zone: its opening hours' zone, else the one in its profile, else UTC.
    static func zone(of profile: ClientProfile?) -> TimeZone {
        let name = profile?.hours?.timezone ?? profile?.config.business?.timezone ?? "UTC"
        return TimeZone(identifier: name) ?? TimeZone(identifier: "UTC")!
    }

    /// `6 Dec 2026, 07:05 America/Edmonton`: the time in the business's zone, labelled with it (the `<time>` element
    /// still carries ISO 8601).
    static func dateTime(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = zone
        formatter.dateFormat = "d MMM yyyy, HH:mm"
        return formatter.string(from: date) + " " + (zone.identifier == "GMT" ? "UTC" : zone.identifier)
    }
}
