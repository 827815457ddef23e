@testable import FloWorxServer
import Testing

/// The dispatcher's bound on batches (`RealtimeBatchPacer`), on instants the test chooses: a change to an idle table goes
/// out at once; while changes keep coming, a batch starts at most once per interval, and every change is in exactly one
/// batch, in arrival order, having waited at most the interval plus the batch before it.
@Suite struct RealtimeBatchPacerTests {
    let t0 = ContinuousClock.now
    let interval = Duration.milliseconds(20)

    @Test func theFirstBatchStartsAtOnce() {
        let pacer = RealtimeBatchPacer(interval: interval)
        #expect(pacer.nextStart(now: t0) == t0)
    }

    @Test func changesRightAfterABatchStartedWaitUntilTheIntervalHasPassed() {
        var pacer = RealtimeBatchPacer(interval: interval)
        pacer.started(at: t0)
        #expect(pacer.nextStart(now: t0 + .milliseconds(1)) == t0 + interval)
        #expect(pacer.nextStart(now: t0 + .milliseconds(19)) == t0 + interval)
    }

    @Test func afterTheIntervalOrALongBatchTheNextStartsAtOnce() {
        var pacer = RealtimeBatchPacer(interval: interval)
        pacer.started(at: t0)
        #expect(pacer.nextStart(now: t0 + interval) == t0 + interval)
        #expect(pacer.nextStart(now: t0 + .milliseconds(75)) == t0 + .milliseconds(75))
        #expect(pacer.nextStart(now: t0 + .seconds(5)) == t0 + .seconds(5))
    }

    @Test func aZeroIntervalNeverWaits() {
        var pacer = RealtimeBatchPacer(interval: .zero)
        pacer.started(at: t0)
        #expect(pacer.nextStart(now: t0) == t0)
        #expect(pacer.nextStart(now: t0 + .microseconds(1)) == t0 + .microseconds(1))
    }

    /// The dispatch loop's use of the pacer, replayed: a change every 2 ms for 200 ms, each batch taking 3 ms.
    func replay(interval: Duration) -> (arrivals: [ContinuousClock.Instant], batches: [(start: ContinuousClock.Instant, changes: [Int])]) {
        let arrivals = (0..<100).map { t0 + .milliseconds(2 * $0) }
        var pacer = RealtimeBatchPacer(interval: interval)
        var batches: [(start: ContinuousClock.Instant, changes: [Int])] = []
        var next = 0
        var free = t0
        while next < arrivals.count {
            // The dispatcher wakes at the first waiting change (or when its batch ends), then waits for the pacer and
            // takes everything that arrived by then.
            let start = pacer.nextStart(now: max(free, arrivals[next]))
            var taken: [Int] = []
            while next < arrivals.count && arrivals[next] <= start {
                taken.append(next)
                next += 1
            }
            pacer.started(at: start)
            batches.append((start, taken))
            free = start + batchTime
        }
        return (arrivals, batches)
    }

    let batchTime = Duration.milliseconds(3)

    @Test func aSteadyStreamMakesAtMostOneBatchPerIntervalAndLosesNothing() {
        let (arrivals, batches) = replay(interval: interval)
        #expect(batches.flatMap { $0.changes } == Array(0..<100))
        #expect(batches.count <= 200 / 20 + 1)
        for (previous, batch) in zip(batches, batches.dropFirst()) {
            #expect(batch.start - previous.start >= interval)
        }
        for batch in batches {
            for change in batch.changes { #expect(batch.start - arrivals[change] <= interval + batchTime) }
        }
        // Without the bound, the same stream makes a batch each time the previous one ends: several times as many.
        let unbounded = replay(interval: .zero).batches
        #expect(unbounded.flatMap { $0.changes } == Array(0..<100))
        #expect(unbounded.count > 3 * batches.count)
    }
}
