import Foundation

/// A timezone's UTC offsets as constant segments between transitions, from a starting instant on.
///
/// Mapping a local time range to instants needs every offset in force around it; asking Foundation
/// for the transitions once per search is cheaper and more exact than probing instant by instant.
struct OffsetTimeline {
    private let zone: TimeZone
    /// Segment `i` covers `[starts[i], starts[i + 1])` (seconds since 1970, UTC) with `offsets[i]`.
    private var starts: [Double]
    private var offsets: [Int]
    /// The segments are known to be right before this instant.
    private var knownUntil: Double

    init(zone: TimeZone, from start: Double) {
        self.zone = zone
        starts = [start]
        offsets = [zone.secondsFromGMT(for: Date(timeIntervalSince1970: start))]
        knownUntil = start
    }

    /// Learns the transitions up to `limit`.
    private mutating func extend(through limit: Double) {
        while knownUntil < limit {
            guard let next = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: knownUntil)) else {
                knownUntil = .infinity
                return
            }
            let offset = zone.secondsFromGMT(for: next)
            if offset != offsets[offsets.count - 1] {
                starts.append(next.timeIntervalSince1970)
                offsets.append(offset)
            }
            knownUntil = next.timeIntervalSince1970
        }
    }

    /// The instants whose local wall time lies in `[start, end)` (local seconds since 1970), as
    /// disjoint `[lower, upper)` pieces in time order: none for a range that daylight saving skips,
    /// two when clocks fall back inside it.
    mutating func instants(localStart start: Int, localEnd end: Int) -> [(lower: Double, upper: Double)] {
        // No zone is more than a day from UTC, so the instants lie before `end + 1 day`.
        extend(through: Double(end) + 86_400)
        var pieces: [(lower: Double, upper: Double)] = []
        for index in starts.indices {
            let offset = Double(offsets[index])
            let lower = max(starts[index], Double(start) - offset)
            let upper = min(index + 1 < starts.count ? starts[index + 1] : .infinity, Double(end) - offset)
            if lower < upper { pieces.append((lower, upper)) }
        }
        return pieces
    }
}
