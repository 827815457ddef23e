/// Why the embedded PostgreSQL could not be set up, started or stopped.
public struct EmbeddedPostgresError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a stable code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let value: String
        public var description: String { value }

        /// No PostgreSQL server binaries were found.
        public static let binariesNotFound = Code(value: "binaries_not_found")
        /// The binaries found are older than the minimum version.
        public static let versionTooOld = Code(value: "version_too_old")
        /// A process could not be started.
        public static let spawnFailed = Code(value: "spawn_failed")
        /// `initdb` failed.
        public static let initdbFailed = Code(value: "initdb_failed")
        /// The server did not start or accept connections in time.
        public static let startFailed = Code(value: "start_failed")
        /// The chosen port was taken before the server bound it.
        public static let portInUse = Code(value: "port_in_use")
        /// The data directory cannot be used (permissions, owner, foreign content).
        public static let dataDirectory = Code(value: "data_directory")
        /// There is no cluster in the data directory and the command may not create one.
        public static let notInitialised = Code(value: "not_initialised")
    }

    /// What went wrong.
    public var code: Code
    /// A one-line explanation, naming what to do.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
