/// Why a backup, a restore or a verification failed.
public struct BackupError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a stable code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let value: String
        public var description: String { value }

        /// `pg_dump` or `pg_restore` failed; the message holds its output.
        public static let toolFailed = Code(value: "tool_failed")
        /// The backup file or its manifest is missing or unreadable.
        public static let unreadable = Code(value: "unreadable")
        /// The dump file is not the one the manifest describes (size or SHA-256 differ).
        public static let corrupt = Code(value: "corrupt")
        /// The restore would replace a database that is in use or holds data, and `--force` was not given.
        public static let refused = Code(value: "refused")
        /// The restored copy's rows differ from the manifest.
        public static let mismatch = Code(value: "mismatch")
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
