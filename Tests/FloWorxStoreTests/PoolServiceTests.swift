import FloWorxTestSupport
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization
import Testing
@testable import FloWorxStore

/// The database pool's stop is bounded: a pool task that never returns (PostgresNIO 1.33 sometimes does that after
/// closing its connections) must not keep the service group, and so the process, alive.
@Suite struct PoolServiceTests {
    /// Records what the stand-in pool saw.
    final class Probe: Sendable {
        let cancelled = Mutex(false)
        let finished = Mutex(false)
    }

    /// Runs `service` in a group, shuts the group down gracefully, and returns once the group has finished.
    func runAndShutDown(_ service: PoolService, started: Signal) async throws {
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: TestCluster.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await started.wait()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func aPoolThatNeverReturnsIsLeftBehindAfterTheTimeout() async throws {
        let probe = Probe()
        let started = Signal()
        let stuck = Signal()  // never fired: the stand-in pool ignores cancellation, as the hung one did
        let service = PoolService(closeTimeout: .milliseconds(200), logger: TestCluster.logger) {
            started.fire()
            await withTaskCancellationHandler {
                await stuck.wait()
            } onCancel: {
                probe.cancelled.withLock { $0 = true }
            }
            probe.finished.withLock { $0 = true }
        }
        try await runAndShutDown(service, started: started)
        #expect(probe.cancelled.withLock { $0 }, "the pool was asked to close")
        #expect(!probe.finished.withLock { $0 }, "the group finished without the stuck pool")
        stuck.fire()
    }

    @Test func aPoolThatClosesIsWaitedFor() async throws {
        let probe = Probe()
        let started = Signal()
        // A timeout far beyond the test's life: the group can only finish by the pool finishing.
        let service = PoolService(closeTimeout: .seconds(3600), logger: TestCluster.logger) {
            started.fire()
            try? await Task.sleep(for: .seconds(3600))
            probe.cancelled.withLock { $0 = Task.isCancelled }
            probe.finished.withLock { $0 = true }
        }
        try await runAndShutDown(service, started: started)
        #expect(probe.cancelled.withLock { $0 })
        #expect(probe.finished.withLock { $0 }, "the service returned only after the pool had finished")
    }

    @Test func aRealPoolStopsAndItsConnectionsClose() async throws {
        let info = try await TestCluster.shared.makeEmptyDatabase()
        let client = PostgresClient(configuration: info.clientConfiguration(maximumConnections: 4), backgroundLogger: TestCluster.logger)
        let started = Signal()
        let group = ServiceGroup(configuration: .init(services: [.init(service: PoolService(client: client, logger: TestCluster.logger))], logger: TestCluster.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                let one = try await client.query("SELECT 1", logger: TestCluster.logger).collect().first?.decode(Int.self)
                #expect(one == 1)
                started.fire()
            }
            await started.wait()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        // Closed: a query now fails instead of waiting for a connection.
        await #expect(throws: (any Error).self) {
            _ = try await client.query("SELECT 1", logger: TestCluster.logger).collect()
        }
    }
}
