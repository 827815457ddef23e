import FloWorxTestSupport
import PostgresNIO
import Synchronization
import Testing
@testable import FloWorxStore

/// A statement whose connection closes under it ends with `connectionClosed` instead of waiting forever (PostgresNIO
/// 1.33 drops the promise of a statement written to a channel that has just closed; the restart check found requests
/// hung that way and a SIGTERM that could not drain).
@Suite struct ClosedConnectionGuardTests {
    @Test func aStatementLeftUnansweredWhenTheConnectionClosesFails() async throws {
        let info = try await TestCluster.shared.admin()
        let connection = try await DatabaseConnectionInfo.connect(info, logger: TestCluster.logger)
        let never = Signal()  // never fired: the stand-in statement is deaf to cancellation, as a dropped promise is
        let started = Signal()
        async let outcome: Result<Int, any Error> = {
            do {
                return .success(try await connection.guarded { _ in
                    started.fire()
                    await never.wait()
                    return 1
                })
            } catch {
                return .failure(error)
            }
        }()
        await started.wait()
        try await connection.close()
        let result = await outcome
        guard case .failure(let error) = result else {
            Issue.record("the statement returned although it was never answered")
            return
        }
        #expect((error as? DatabaseUnavailableError)?.description == DatabaseUnavailableError.connectionClosed.description)
        never.fire()
    }

    @Test func answeredStatementsPassThroughAndTheConnectionStaysUsable() async throws {
        let info = try await TestCluster.shared.admin()
        let connection = try await DatabaseConnectionInfo.connect(info, logger: TestCluster.logger)
        for n in 1...3 {
            let value = try await connection.guarded { connection in
                var value = 0
                for try await v in try await connection.query("SELECT \(n)::int", logger: TestCluster.logger).decode(Int.self) { value = v }
                return value
            }
            #expect(value == n)
        }
        // A server error passes through as itself, not as a closed connection.
        await #expect(throws: PSQLError.self) {
            try await connection.guarded { try await $0.query("SELECT 1/0", logger: TestCluster.logger).collect() }
        }
        try await connection.close()
        // On a closed connection nothing is sent.
        await #expect(throws: DatabaseUnavailableError.self) {
            try await connection.guarded { try await $0.query("SELECT 1", logger: TestCluster.logger).collect() }
        }
    }
}
