import FloWorxStore
import Foundation

/// Opening hours (`business_hours.hours`): per weekday up to two shifts (a split shift is two; a shift that ends
/// before it starts crosses midnight), holidays (one per line: `2026-12-25 Christmas`) and dated overrides (one per
/// line: `2026-12-24 08:00-12:00 Half day`, or `2026-12-31 closed`). More shifts stored than the form shows are shown
/// too, so that saving never drops them.
enum HoursSectionForm: SectionForm {
    static let days = [("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday"), ("thu", "Thursday"), ("fri", "Friday"),
                       ("sat", "Saturday"), ("sun", "Sunday")]

    /// Before any hours are set: weekdays 08:00–17:00, to start from.
    static var starter: [String: Any] {
        let day = [["08:00", "17:00"]]
        return ["version": 1, "weekly": ["mon": day, "tue": day, "wed": day, "thu": day, "fri": day]]
    }

    static func stored(_ settings: BusinessSettings) -> Any {
        guard let hours = SectionJSON.parse(settings.hoursJSON) as? [String: Any], hours["weekly"] != nil || hours["holidays"] != nil else {
            return starter
        }
        return hours
    }

    static func posted(_ form: FormData, _ settings: BusinessSettings) -> Any {
        var weekly: [String: Any] = [:]
        for (day, _) in days {
            var intervals: [[String]] = []
            for shift in 1...12 {
                let open = time(form.text("hours_\(day)_\(shift)_open")), close = time(form.text("hours_\(day)_\(shift)_close"))
                if open == nil && close == nil { continue }
                intervals.append([open ?? "", close ?? ""])
            }
            weekly[day] = intervals
        }
        let holidays = SectionJSON.lines(form["holidays"]).map { line -> [String: Any] in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            var holiday: [String: Any] = ["date": parts[0]]
            if parts.count > 1 { holiday["name"] = parts[1].trimmingCharacters(in: .whitespaces) }
            return holiday
        }
        let overrides = SectionJSON.lines(form["overrides"]).map { line -> [String: Any] in
            var words = line.split(separator: " ").map(String.init)
            let date = words.removeFirst()
            var intervals: [[String]] = []
            while let word = words.first {
                if word.lowercased() == "closed" {
                    words.removeFirst()
                } else if word.range(of: #"^[0-9]{1,2}:[0-9]{2}[-–][0-9]{1,2}:[0-9]{2}$"#, options: .regularExpression) != nil {
                    let ends = word.split(whereSeparator: { $0 == "-" || $0 == "–" }).map { pad(String($0)) }
                    intervals.append(ends)
                    words.removeFirst()
                } else {
                    break
                }
            }
            var override: [String: Any] = ["date": date, "intervals": intervals]
            if !words.isEmpty { override["note"] = words.joined(separator: " ") }
            return override
        }
        var hours: [String: Any] = ["version": 1, "weekly": weekly]
        if !holidays.isEmpty { hours["holidays"] = holidays }
        if !overrides.isEmpty { hours["overrides"] = overrides }
        return hours
    }

    /// `8:00` → `08:00`; `08:00:00` (a time input with seconds) → `08:00`.
    static func time(_ text: String?) -> String? {
        guard let text else { return nil }
        let parts = text.split(separator: ":")
        if parts.count == 3 { return pad(parts[0] + ":" + parts[1]) }
        return pad(text)
    }

    private static func pad(_ text: String) -> String {
        text.range(of: #"^[0-9]:[0-9]{2}$"#, options: .regularExpression) != nil ? "0" + text : text
    }

    static func data(_ value: Any, errors: [String: String]) -> [String: Any] {
        let hours = value as? [String: Any] ?? [:]
        let weekly = hours["weekly"] as? [String: Any] ?? [:]
        let rows = days.map { day, name -> [String: Any] in
            let intervals = (weekly[day] as? [Any] ?? []).map { ($0 as? [Any] ?? []).map { "\($0)" } }
            let count = max(2, intervals.count)
            let shifts = (0..<count).map { index -> [String: Any] in
                let interval = index < intervals.count ? intervals[index] : []
                return ["day": day, "n": index + 1, "day_label": name, "open": interval.first ?? "", "close": interval.count > 1 ? interval[1] : "",
                        "second": index > 0]
            }
            var row: [String: Any] = ["day": day, "label": name, "shifts": shifts]
            if let error = errors["hours_\(day)"] { row["day_error"] = error }
            return row
        }
        let holidays = (hours["holidays"] as? [Any] ?? []).map { item -> String in
            let holiday = item as? [String: Any] ?? [:]
            return ["\(holiday["date"] ?? "")", holiday["name"].map { "\($0)" } ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        }
        let overrides = (hours["overrides"] as? [Any] ?? []).map { item -> String in
            let override = item as? [String: Any] ?? [:]
            let intervals = (override["intervals"] as? [Any] ?? []).map { ($0 as? [Any] ?? []).map { "\($0)" }.joined(separator: "-") }
            return (["\(override["date"] ?? "")"] + (intervals.isEmpty ? ["closed"] : intervals) + [override["note"].map { "\($0)" } ?? ""])
                .filter { !$0.isEmpty }.joined(separator: " ")
        }
        var data: [String: Any] = ["days": rows, "holidays_text": holidays.joined(separator: "\n"), "overrides_text": overrides.joined(separator: "\n")]
        for field in ["hours", "holidays", "overrides"] { if let error = errors[field] { data["error_\(field)"] = error } }
        return data
    }

    static func field(_ path: String) -> (id: String, label: String) {
        let prefix = "business_hours.hours."
        if path.hasPrefix(prefix + "weekly.") {
            let day = String(path.dropFirst((prefix + "weekly.").count).prefix(3))
            if let name = days.first(where: { $0.0 == day })?.1 { return ("hours_\(day)", name) }
        }
        if let index = SectionJSON.index(path, after: prefix + "holidays") { return ("holidays", "Holidays, line \(index + 1)") }
        if path.hasPrefix(prefix + "holidays") { return ("holidays", "Holidays") }
        if let index = SectionJSON.index(path, after: prefix + "overrides") { return ("overrides", "Special days, line \(index + 1)") }
        if path.hasPrefix(prefix + "overrides") { return ("overrides", "Special days") }
        return ("hours", "Opening hours")
    }
}
