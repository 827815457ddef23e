import Foundation

/// Gmail's per-method quota units (developers.google.com/gmail/api/reference/quota) and a per-user limiter of
/// units per second over a sliding one-second window (Google: 15,000 units per user per minute, i.e. 250/s,
/// a moving average that allows short bursts).
struct GmailQuota: Sendable {
    /// Units charged per API method, as Google documents them.
    static let units: [String: Int] = [
        "getProfile": 1, "history.list": 2, "messages.list": 5, "messages.get": 5, "messages.modify": 5,
        "messages.batchModify": 50, "labels.list": 1, "labels.get": 1, "labels.create": 5, "labels.delete": 5,
        "labels.update": 5, "labels.patch": 5, "drafts.create": 10, "drafts.get": 5, "drafts.list": 5,
        "drafts.update": 15, "drafts.delete": 10, "drafts.send": 100, "watch": 100, "stop": 50,
    ]

    /// Units allowed per user per window (`nil`: unlimited).
    var unitsPerSecond: Int?
    /// The sliding window's length in seconds (1 in Google's terms; longer makes tests deterministic).
    var windowSeconds: TimeInterval
    private var window: [(at: Date, units: Int)] = []

    init(unitsPerSecond: Int?, windowSeconds: TimeInterval = 1) {
        self.unitsPerSecond = unitsPerSecond
        self.windowSeconds = windowSeconds
    }

    /// Charges `units` at `now`; returns the whole seconds to wait (for `Retry-After`) when over the limit.
    mutating func charge(_ units: Int, now: Date = Date()) -> Int? {
        window.removeAll { now.timeIntervalSince($0.at) >= windowSeconds }
        if let limit = unitsPerSecond {
            let used = window.reduce(0) { $0 + $1.units }
            if used + units > limit {
                let oldest = window.first.map { windowSeconds - now.timeIntervalSince($0.at) } ?? windowSeconds
                return max(1, Int(oldest.rounded(.up)))
            }
        }
        window.append((now, units))
        return nil
    }
}
