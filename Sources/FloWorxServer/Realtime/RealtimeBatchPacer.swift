/// When the dispatcher may take its next batch of changes: at once when the previous batch started at least
/// `interval` ago (an idle table delivers without delay), else `interval` after that start. Changes that arrive in
/// between wait in the buffer and go out together in one batch.
///
/// Why: every batch pays the visibility read's per-group cost (role, claims and one execute for each subscriber group,
/// in PostgreSQL) whatever its size. Without a bound, a fast dispatcher under a steady write rate makes many batches of
/// a few changes each (~60 a second in the fan-out benchmark); with one, a busy table pays that cost at most once per
/// `interval`, and a change waits at most `interval` plus the batch in flight (docs/realtime.md).
struct RealtimeBatchPacer: Sendable {
    /// The shortest time between the starts of two batches; zero dispatches every wake-up at once.
    let interval: Duration
    /// When the last batch started.
    private(set) var lastStart: ContinuousClock.Instant?

    init(interval: Duration) {
        self.interval = max(interval, .zero)
    }

    /// When the next batch may start, for changes waiting at `now`: `now` itself if the last batch started at least
    /// `interval` before, else `interval` after that start.
    func nextStart(now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        guard let lastStart else { return now }
        return max(now, lastStart + interval)
    }

    /// Records that a batch started at `instant`.
    mutating func started(at instant: ContinuousClock.Instant) {
        lastStart = instant
    }
}
