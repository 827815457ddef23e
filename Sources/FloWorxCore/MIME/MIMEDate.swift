import Foundation

/// RFC 5322 dates, including the obsolete forms real mail carries: two- and three-digit years, named zones
/// (`GMT`, `UT`, `EST`, `PDT`…), military zones, missing seconds or zone, asctime order, comments, extra words.
public enum MIMEDate {
    /// The date in a `Date` header, or nil when it is not a real date and time. ISO 8601 timestamps, which a few
    /// mailers write, are accepted too.
    public static func parse(_ text: String) -> Date? {
        rfc5322(text) ?? ISO8601.parse(MIMEBytes.trimmed(text))
    }

    private static func rfc5322(_ text: String) -> Date? {
        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0
        var offset: Int?
        for token in tokens(text) {
            let first = token.first!
            if first == "+" || first == "-" {
                guard offset == nil, let value = zoneOffset(token.dropFirst()) else { continue }
                offset = first == "-" ? -value : value
            } else if token.contains(":") {
                let parts = token.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2 || parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
                let s = parts.count == 3 ? Int(parts[2]) : 0
                guard let s, (0...23).contains(h), (0...59).contains(m), (0...60).contains(s) else { return nil }
                (hour, minute, second) = (h, m, min(s, 59))
            } else if first.isNumber {
                guard let value = Int(token) else { continue }
                if token.count >= 3 {
                    year = year ?? (token.count == 3 ? 1900 + value : value)
                } else if day == nil {
                    day = value
                } else if year == nil {
                    year = value < 50 ? 2000 + value : 1900 + value
                }
            } else if let named = month == nil ? months[String(token.prefix(3)).lowercased()] : nil, token.count <= 9 {
                month = named
            } else if offset == nil, let zone = zones[token.uppercased()] {
                offset = zone * 60
            }
        }
        guard let day, let month, let year, (1900...9999).contains(year), (1...daysIn(month, year)).contains(day) else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - (offset ?? 0) * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Words of the date with comments removed; commas separate like spaces.
    private static func tokens(_ text: String) -> [Substring] {
        var cleaned = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth = max(0, depth - 1); continue }
            if depth == 0 { cleaned.append(character == "," ? " " : character) }
        }
        return cleaned.split(whereSeparator: \.isWhitespace)
    }

    /// `hhmm` or `hh:mm` as minutes.
    private static func zoneOffset(_ digits: Substring) -> Int? {
        let plain = digits.filter { $0 != ":" }
        guard plain.count == 4, plain.allSatisfy(\.isASCII), let value = Int(plain) else { return nil }
        let hours = value / 100, minutes = value % 100
        guard hours <= 23, minutes <= 59 else { return nil }
        return hours * 60 + minutes
    }

    private static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    /// Zone names in hours from UTC: RFC 5322's obsolete names, a few common others; military letters count as
    /// UTC, as RFC 5322 advises, since RFC 822 defined their signs backwards.
    private static let zones: [String: Int] = {
        var zones = [
            "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
            "AKST": -9, "AKDT": -8, "HST": -10, "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "EET": 2, "EEST": 3,
            "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
        ]
        for letter in "ABCDEFGHIKLMNOPQRSTUVWXY" { zones[String(letter)] = zones[String(letter)] ?? 0 }
        return zones
    }()

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
