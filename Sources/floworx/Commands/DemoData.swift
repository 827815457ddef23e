import FloWorxStore
import Logging

/// Placeholder replaced below.
enum DemoData {
    static func loadIfEmpty(into connection: DatabaseConnectionInfo, logger: Logger) async throws {}
}
