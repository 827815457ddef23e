/// A failure in the store layer that is not a plain PostgreSQL error: bad configuration, a changed migration…
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a stable code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let value: String
        public var description: String { value }

        /// Invalid configuration (e.g. a malformed DATABASE_URL).
        public static let configuration = Code(value: "configuration")
        /// An applied migration's file changed since it was applied.
        public static let migrationChanged = Code(value: "migration_changed")
        /// A migration failed to apply.
        public static let migrationFailed = Code(value: "migration_failed")
        /// The migration files bundled with FloWorx could not be read.
        public static let migrationsMissing = Code(value: "migrations_missing")
        /// A row was not found.
        public static let notFound = Code(value: "not_found")
        /// Data in the database does not have the expected shape.
        public static let corruptData = Code(value: "corrupt_data")
        /// Encrypting or decrypting credentials failed.
        public static let crypto = Code(value: "crypto")
        /// `pg_dump` or `pg_restore` failed; the message holds its output.
        public static let backupToolFailed = Code(value: "backup_tool_failed")
        /// A backup file or its manifest is missing or unreadable.
        public static let backupUnreadable = Code(value: "backup_unreadable")
        /// A dump file is not the one its manifest describes (size or SHA-256 differ).
        public static let backupCorrupt = Code(value: "backup_corrupt")
        /// A restore would replace a database that holds data (without `--force`), or one FloWorx does not restore into.
        public static let restoreRefused = Code(value: "restore_refused")
        /// A restored copy's rows differ from its backup's manifest.
        public static let backupMismatch = Code(value: "backup_mismatch")
    }

    /// What went wrong.
    public var code: Code
    /// A one-line explanation.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
