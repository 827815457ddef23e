import Foundation

/// When a business's digests are due. The digest of local day D reports on D and goes out on D + 1 at the digest time,
/// in the business's timezone.
public struct DigestSchedule: Sendable, Hashable {
    public var time: DigestTime

    public init(time: DigestTime = .standard) {
        self.time = time
    }

    /// One digest to queue: the day it reports on and when it may go.
    public struct Due: Sendable, Hashable {
        public var date: DigestDate
        public var runAt: Date
    }

    /// When the digest of `date` goes out.
    public func sendTime(of date: DigestDate, in zone: TimeZone) -> Date {
        date.adding(days: 1).instant(at: time, in: zone)
    }

    /// The day the latest digest due by `now` reports on (yesterday once today's digest time has passed, else the day
    /// before).
    public func latestDue(now: Date, in zone: TimeZone) -> DigestDate {
        let today = DigestDate.local(of: now, in: zone)
        return sendTime(of: today.adding(days: -1), in: zone) <= now ? today.adding(days: -1) : today.adding(days: -2)
    }

    /// The digests to queue at `now`: the next one, to run at its time (queued ahead, so it goes out on time even if no
    /// scheduler looks at that minute), and the latest one already due when nothing was sent for it (`lastSent` is
    /// the newest day a digest went out for): a catch-up after the workers were down at digest time. Only the latest
    /// missed day is caught up; a business is never flooded with old digests, nor sent one for a day that ended
    /// before it signed up (`since`).
    public func due(now: Date, in zone: TimeZone, lastSent: DigestDate?, since: Date? = nil) -> [Due] {
        let latest = latestDue(now: now, in: zone)
        let next = latest.adding(days: 1)
        var due = [Due(date: next, runAt: sendTime(of: next, in: zone))]
        if lastSent.map({ $0 < latest }) ?? true {
            due.insert(Due(date: latest, runAt: sendTime(of: latest, in: zone)), at: 0)
        }
        guard let since else { return due }
        return due.filter { since < $0.date.bounds(in: zone).end }
    }
}
