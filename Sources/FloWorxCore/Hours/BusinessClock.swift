import Foundation

/// Counts time in business minutes: only the minutes when the business is open, read on its wall clock in its IANA
/// timezone with the same rules as `BusinessHours.isOpen(at:)` (split shifts, intervals crossing midnight, holidays,
/// dated overrides, daylight saving). An SLA target such as "first reply within 120 business minutes" is a
/// `deadline(from:businessMinutes:)`; how much of it was used is `businessMinutes(from:to:)`.
///
/// - Counting starts at the next opening when `start` is outside hours.
/// - Real elapsed time is counted, not wall-clock readings: an interval `01:00–03:00` lasts 3 hours on a day clocks
///   fall back inside it, 1 hour on a day they spring forward.
/// - Overlapping intervals (Friday `22:00–02:00` and Saturday `00:00–04:00`) count once.
/// - Without configured hours (`hours == nil`) the business counts as always open: every minute is a business minute.
///
/// Pure: no I/O and no clock; the caller passes every instant.
public struct BusinessClock: Sendable {
    /// `nil`: always open.
    private let schedule: HoursSchedule?
    /// `deadline` gives up (answers `nil`) when the business stays closed this long at a stretch.
    public let maximumClosedDays: Int

    /// A clock for `hours` (`nil`: always open). `maximumClosedDays` bounds the search for the next opening: a
    /// schedule with no open time within that many days has no deadline.
    public init(hours: BusinessHours?, maximumClosedDays: Int = 60) {
        schedule = hours.map(HoursSchedule.init)
        self.maximumClosedDays = max(1, maximumClosedDays)
    }

    /// The instant at which `businessMinutes` of open time have passed since `start`: counting begins at `start` when
    /// open, otherwise at the next opening. `start` itself for 0; `nil` for a negative count, or when the business
    /// stays closed for more than `maximumClosedDays` before the minutes are used up. A deadline that falls exactly
    /// on a closing time is that closing time.
    public func deadline(from start: Date, businessMinutes: Int) -> Date? {
        guard businessMinutes >= 0 else { return nil }
        guard businessMinutes > 0 else { return start }
        let from = start.timeIntervalSince1970
        var remaining = Double(businessMinutes) * 60
        guard let schedule else { return Date(timeIntervalSince1970: from + remaining) }
        let gap = Double(maximumClosedDays) * 86_400
        var stretches = OpenStretches(schedule: schedule, from: from)
        var cursor = from
        while let (lower, upper) = stretches.next(notAfter: cursor + gap) {
            guard upper > from else { continue }
            let begin = max(lower, from)
            if upper - begin >= remaining { return Date(timeIntervalSince1970: begin + remaining) }
            remaining -= upper - begin
            cursor = upper
        }
        return nil
    }

    /// Business seconds in `[start, end)`; 0 when `end` is not after `start`.
    public func businessSeconds(from start: Date, to end: Date) -> Double {
        let from = start.timeIntervalSince1970, to = end.timeIntervalSince1970
        guard to > from else { return 0 }
        guard let schedule else { return to - from }
        var stretches = OpenStretches(schedule: schedule, from: from)
        var total = 0.0
        while let (lower, upper) = stretches.next(notAfter: to) {
            let begin = max(lower, from), finish = min(upper, to)
            if finish > begin { total += finish - begin }
        }
        return total
    }

    /// Whole business minutes in `[start, end)`, rounded down; 0 when `end` is not after `start`.
    /// `businessMinutes(from: s, to: deadline(from: s, businessMinutes: n)!) == n` for every `n >= 0`.
    public func businessMinutes(from start: Date, to end: Date) -> Int {
        // A microsecond of slack absorbs the rounding of `Date`'s floating-point seconds.
        Int(((businessSeconds(from: start, to: end) + 1e-6) / 60).rounded(.down))
    }
}

/// The open stretches of a schedule in time order, as disjoint `[lower, upper)` instants (seconds since 1970), from
/// the local day before `from` on. Days are read one at a time; a stretch is handed out only once every interval that
/// could overlap it is known, so overlapping or back-to-back intervals never count twice. A long open stretch (a
/// business open around the clock) may come in several consecutive pieces.
struct OpenStretches {
    private let schedule: HoursSchedule
    private var timeline: OffsetTimeline
    /// The next local day (day number) whose intervals are not loaded yet.
    private var nextDay: Int
    /// Loaded pieces not handed out yet.
    private var pending: [(lower: Double, upper: Double)] = []

    init(schedule: HoursSchedule, from: Double) {
        self.schedule = schedule
        // An interval may run into the next day: the day before `from` can still be open at `from` (one more day of
        // margin for the offset between local and UTC days).
        nextDay = HoursSchedule.day(ofLocal: schedule.localSeconds(at: from)) - 2
        timeline = OffsetTimeline(zone: schedule.zone, from: from - 3 * 86_400)
    }

    /// Every piece of a day not loaded yet starts at or after this instant: a day's intervals begin at or after its
    /// local midnight, and no zone is a day or more ahead of UTC.
    private var frontier: Double { Double(nextDay * 86_400 - 86_400) }

    private mutating func load() {
        for range in schedule.localRanges(on: nextDay) {
            pending += timeline.instants(localStart: range.start, localEnd: range.end)
        }
        nextDay += 1
    }

    /// The next stretch, if it starts no later than `limit`; `nil` otherwise (the search stops there).
    mutating func next(notAfter limit: Double) -> (Double, Double)? {
        while frontier <= limit && (pending.isEmpty || frontier <= pending.map(\.lower).min()!) {
            load()
        }
        guard !pending.isEmpty else { return nil }
        pending.sort { $0.lower < $1.lower }
        let lower = pending[0].lower
        guard lower <= limit, lower < frontier else { return nil }
        var upper = pending[0].upper
        for piece in pending.dropFirst() {
            if piece.lower > upper { break }
            upper = max(upper, piece.upper)
        }
        // Days not loaded yet may extend the stretch past the frontier: hand out the part before it; the rest comes
        // with the next call.
        let cut = min(upper, frontier)
        pending = pending.compactMap { $0.upper <= cut ? nil : (max($0.lower, cut), $0.upper) }
        return (lower, cut)
    }
}
