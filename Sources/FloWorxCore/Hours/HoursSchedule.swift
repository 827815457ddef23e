import Foundation

/// `BusinessHours` prepared for lookups: timezone resolved once, dates parsed to day numbers,
/// weekly intervals in an array. Built once per query (or per `status(at:)`), never per step.
struct HoursSchedule {
    let zone: TimeZone
    private let weekly: [[OpenInterval]]
    private let holidays: Set<Int>
    private let overrides: [Int: [OpenInterval]]

    /// An unknown timezone falls back to UTC so that a bad row still yields an answer;
    /// `BusinessHours.validated()` is where it is reported.
    init(_ hours: BusinessHours) {
        zone = TimeZone(identifier: hours.timezone) ?? TimeZone(secondsFromGMT: 0)!
        weekly = Weekday.allCases.map { hours.weekly[$0] ?? [] }
        var holidays = Set<Int>()
        for holiday in hours.holidays {
            if let day = CivilDay.parse(holiday.date) { holidays.insert(day) }
        }
        self.holidays = holidays
        var overrides: [Int: [OpenInterval]] = [:]
        for override in hours.overrides {
            if let day = CivilDay.parse(override.date) { overrides[day] = override.intervals }
        }
        self.overrides = overrides
    }

    /// The intervals that start on local day `day`. An override beats a holiday on the same date:
    /// it is the more specific instruction (say, a half day on Christmas Eve listed in both).
    func intervals(on day: Int) -> [OpenInterval] {
        if let override = overrides[day] { return override }
        if holidays.contains(day) { return [] }
        return weekly[CivilDay.weekdayIndex(day)]
    }

    /// The local wall-clock ranges `[start, end)`, in local seconds since 1970, of the intervals
    /// starting on `day`. An interval whose end is not after its start runs into the next day and
    /// still belongs to `day`; a `24:00` start opens nothing.
    func localRanges(on day: Int) -> [(start: Int, end: Int)] {
        let midnight = day * 86_400
        var ranges: [(start: Int, end: Int)] = []
        for interval in intervals(on: day) where interval.start.minutes < 1440 {
            let start = midnight + interval.start.minutes * 60
            let end = interval.crossesMidnight
                ? midnight + 86_400 + interval.end.minutes * 60
                : midnight + interval.end.minutes * 60
            ranges.append((start, end))
        }
        return ranges
    }

    /// Local seconds since 1970 on the business's wall clock at `instant`.
    func localSeconds(at instant: Double) -> Double {
        instant + Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: instant)))
    }

    /// The local day number containing local seconds `local`.
    static func day(ofLocal local: Double) -> Int {
        Int((local / 86_400).rounded(.down))
    }

    /// Whether the wall clock at `instant` reads a time inside an interval of its own day or
    /// inside the spill of the previous day's interval past midnight.
    func isOpen(at instant: Double) -> Bool {
        let local = localSeconds(at: instant)
        let day = Self.day(ofLocal: local)
        for candidate in [day - 1, day] {
            for range in localRanges(on: candidate) where Double(range.start) <= local && local < Double(range.end) {
                return true
            }
        }
        return false
    }

    /// How far ahead searches look.
    static let horizon: Double = 366 * 86_400

    /// The first instant at or after `instant` when the business is open.
    func nextOpening(after instant: Double) -> Double? {
        if isOpen(at: instant) { return instant }
        let firstDay = Self.day(ofLocal: localSeconds(at: instant)) - 1
        var timeline = OffsetTimeline(zone: zone, from: instant - 3 * 86_400)
        var best: Double?
        for day in firstDay...(firstDay + 368) {
            // A day's ranges begin at or after its local midnight, which is less than a day
            // from UTC: once that is past the best candidate, nothing later can beat it.
            if let best, Double(day * 86_400 - 86_400) > best { break }
            for range in localRanges(on: day) {
                for piece in timeline.instants(localStart: range.start, localEnd: range.end) where piece.upper > instant {
                    let candidate = max(piece.lower, instant)
                    if best == nil || candidate < best! { best = candidate }
                }
            }
        }
        guard let best, best - instant <= Self.horizon else { return nil }
        return best
    }

    /// The first instant after `instant` when the business is closed, when open at `instant`.
    /// Back-to-back intervals (`…–24:00` then `00:00–…`) count as one open stretch.
    func currentClosing(after instant: Double) -> Double? {
        guard isOpen(at: instant) else { return nil }
        let firstDay = Self.day(ofLocal: localSeconds(at: instant)) - 1
        var timeline = OffsetTimeline(zone: zone, from: instant - 3 * 86_400)
        var end = instant
        var pieces: [(lower: Double, upper: Double)] = []
        for day in firstDay...(firstDay + 368) {
            if Double(day * 86_400 - 86_400) > end { break }
            for range in localRanges(on: day) {
                pieces += timeline.instants(localStart: range.start, localEnd: range.end)
            }
            var extended = true
            while extended {
                extended = false
                for piece in pieces where piece.lower <= end && piece.upper > end {
                    end = piece.upper
                    extended = true
                }
            }
            pieces.removeAll { $0.upper <= end }
        }
        guard end - instant <= Self.horizon else { return nil }
        return end
    }
}
