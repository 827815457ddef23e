import FloWorxStore
import FloWorxTestSupport
import PostgresNIO

/// Listens on the queue's channel, as the workers do, to see whether an action wakes them.
enum NotificationProbe {
    /// Runs `action` while listening on `EmailQueue.channel`; returns whether a notification arrived
    /// (waiting at most `deadline`, a bound on a hang rather than a measurement).
    static func expectNotification(on fixture: QueueFixture, within deadline: Duration = .seconds(10), _ action: @Sendable () async throws -> Void) async throws -> Bool {
        try await fixture.db.withConnection { connection in
            try await connection.listen(on: EmailQueue.channel) { notifications in
                try await action()
                return try await withThrowingTaskGroup(of: Bool.self) { group in
                    group.addTask {
                        for try await _ in notifications { return true }
                        return false
                    }
                    group.addTask {
                        try await Task.sleep(for: deadline)
                        return false
                    }
                    let first = try await group.next() ?? false
                    group.cancelAll()
                    return first
                }
            }
        }
    }
}
