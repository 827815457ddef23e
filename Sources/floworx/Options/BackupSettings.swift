import FloWorxStore
import Logging
import ServiceLifecycle

/// Scheduled backups in `floworx serve`, from the environment:
/// - `FLOWORX_BACKUP_INTERVAL_HOURS`: hours between backups; default 24 on the embedded cluster, off with
///   `DATABASE_URL` (an operator's PostgreSQL has its own); 0 turns them off;
/// - `FLOWORX_BACKUP_KEEP`: backups kept (default 7);
/// - `FLOWORX_BACKUP_VERIFY`: restore each into a scratch database and compare (default true);
/// - `FLOWORX_BACKUP_DIR`: the folder (default `backups/` beside the embedded data dir).
struct BackupSettings {
    var configuration: BackupScheduler.Configuration?

    static func fromEnvironment(embedded: Bool) throws -> BackupSettings {
        let hours = try Environment.int("FLOWORX_BACKUP_INTERVAL_HOURS", range: 0...8760) ?? (embedded ? 24 : 0)
        guard hours > 0 else { return BackupSettings(configuration: nil) }
        return BackupSettings(configuration: .init(
            interval: .seconds(hours * 3600),
            keep: try Environment.int("FLOWORX_BACKUP_KEEP", range: 1...10_000) ?? 7,
            verify: try Environment.bool("FLOWORX_BACKUP_VERIFY") ?? true
        ))
    }

    /// The scheduler, when backups are on.
    func services(database: DatabaseOptions, launcher: DatabaseLauncher, logger: Logger) throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let configuration else { return [] }
        let scheduler = BackupScheduler(
            tool: try BackupLocation.tool(database, launcher, logger: logger), directory: BackupLocation.directory(flag: nil, database),
            configuration: configuration, logger: logger
        )
        return [.init(service: scheduler)]
    }
}
