import Foundation

/// How to set up and run the embedded PostgreSQL.
public struct EmbeddedPostgresConfiguration: Sendable {
    /// The data directory (PGDATA); created on first use.
    public var dataDirectory: String
    /// Where `initdb` and `postgres` are; searched for when `nil`.
    public var binDirectory: String?
    /// The OS user the cluster runs as when FloWorx runs as root.
    public var osUser: String
    /// A fixed port; a free one is chosen when `nil`.
    public var port: Int?
    /// Extra server settings (`-c name=value`).
    public var settings: [String: String]
    /// Whether `initdb` syncs its files to disk (tests skip it for speed).
    public var syncInitdb: Bool
    /// How long the server may take to accept connections.
    public var startTimeout: Duration
    /// Whether a missing cluster is initialised. Commands that only read an existing installation set it to `false`,
    /// so that a mistyped `--data-dir` is refused instead of answered from a new, empty cluster.
    public var createIfMissing: Bool

    public init(
        dataDirectory: String = ".floworx/postgres",
        binDirectory: String? = nil,
        osUser: String = "postgres",
        port: Int? = nil,
        settings: [String: String] = [:],
        syncInitdb: Bool = true,
        startTimeout: Duration = .seconds(60),
        createIfMissing: Bool = true
    ) {
        self.dataDirectory = dataDirectory
        self.binDirectory = binDirectory
        self.osUser = osUser
        self.port = port
        self.settings = settings
        self.syncInitdb = syncInitdb
        self.startTimeout = startTimeout
        self.createIfMissing = createIfMissing
    }

    /// Whether the data directory holds a cluster (PostgreSQL's `PG_VERSION` is there).
    public var clusterExists: Bool {
        FileManager.default.fileExists(atPath: URL(fileURLWithPath: dataDirectory).standardizedFileURL.path + "/PG_VERSION")
    }
}
