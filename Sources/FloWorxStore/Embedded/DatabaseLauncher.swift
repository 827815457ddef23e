import Logging

/// The database FloWorx runs on: the one `DATABASE_URL` names, or the embedded cluster started for this process.
public struct DatabaseLauncher: Sendable {
    /// How to connect.
    public let connection: DatabaseConnectionInfo
    /// The embedded cluster, when one is used.
    public let embedded: EmbeddedPostgres?

    /// Uses `url` when given, otherwise starts (or attaches to) the embedded cluster.
    public static func open(url: String?, embedded configuration: EmbeddedPostgresConfiguration, logger: Logger) async throws -> DatabaseLauncher {
        if let url, !url.isEmpty {
            return DatabaseLauncher(connection: try DatabaseConnectionInfo(url: url), embedded: nil)
        }
        let server = try await EmbeddedPostgres.start(configuration, logger: logger)
        return DatabaseLauncher(connection: server.connection, embedded: server)
    }

    /// Whether the embedded cluster was created by this call (so demo data may be loaded).
    public var isEmbedded: Bool { embedded != nil }

    /// Stops the embedded cluster if this process started it.
    public func close() async {
        await embedded?.stop()
    }
}
