@testable import FloWorxWorker
import Testing

/// `Doorbell`: how idle workers are woken. Waits use a long timeout, so returning at all shows the ring worked.
@Suite(.timeLimit(.minutes(1))) struct DoorbellTests {
    static let forever = Duration.seconds(3600)

    @Test func aRingWakesEveryWaiter() async throws {
        let doorbell = Doorbell()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask { await doorbell.wait(timeout: Self.forever) }
            }
            // Let the three register; one ring must then wake them all (else the time limit fails the test).
            try? await Task.sleep(for: .milliseconds(200))
            doorbell.ring()
        }
    }

    @Test func aRingWithNobodyWaitingIsKeptForTheNextWaiterOnly() async {
        let doorbell = Doorbell()
        doorbell.ring()
        doorbell.ring()
        await doorbell.wait(timeout: Self.forever)
        // The second ring was not stored twice: this wait runs to its (short) timeout.
        let start = ContinuousClock.now
        await doorbell.wait(timeout: .milliseconds(200))
        #expect(ContinuousClock.now - start >= .milliseconds(200))
    }

    @Test func aWaitEndsAtItsTimeout() async {
        let doorbell = Doorbell()
        await doorbell.wait(timeout: .milliseconds(50))
    }

    @Test func closeWakesWaitersAndLaterWaitsReturnAtOnce() async {
        let doorbell = Doorbell()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await doorbell.wait(timeout: Self.forever) }
            group.addTask { await doorbell.wait(timeout: Self.forever) }
            doorbell.close()
        }
        await doorbell.wait(timeout: Self.forever)
    }

    /// Cancelled waits end, in whatever state the cancellation finds them (a wait that ignored cancellation would
    /// run into the suite's time limit). The rare order that once hung a worker's shutdown in CI — the timer child
    /// waking the wait before its continuation was registered — is handled by `Doorbell.wake` remembering the
    /// wake; this test exercises cancellation broadly but does not force that order.
    @Test func cancelledWaitsAlwaysEnd() async {
        let doorbell = Doorbell()
        for _ in 0..<20 {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<200 {
                    group.addTask { await doorbell.wait(timeout: Self.forever) }
                }
                group.cancelAll()
            }
        }
    }
}
