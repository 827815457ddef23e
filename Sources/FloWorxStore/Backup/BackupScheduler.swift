import Foundation
import Logging
import ServiceLifecycle

/// Scheduled backups of the embedded cluster: one every `interval` (counted from the newest backup in the folder, so
/// restarts do not add any; with none yet, the first an hour after start, or `interval` if shorter, so a short-lived
/// demo or test server does not spend its start on one), each verified by a restore into a scratch database, the
/// newest `keep` kept.
///
/// A failed backup is logged as an error and retried after `retry`; it never stops the server.
public struct BackupScheduler: Service {
    /// How often, how many to keep, whether to verify each one.
    public struct Configuration: Sendable {
        public var interval: Duration
        public var keep: Int
        public var verify: Bool
        public var retry: Duration = .seconds(900)

        public init(interval: Duration, keep: Int, verify: Bool) {
            self.interval = interval
            self.keep = keep
            self.verify = verify
        }
    }

    let tool: BackupTool
    let directory: BackupDirectory
    let configuration: Configuration
    let logger: Logger

    public init(tool: BackupTool, directory: String, configuration: Configuration, logger: Logger) {
        self.tool = tool
        self.directory = BackupDirectory(path: directory)
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        logger.info("scheduled backups", metadata: ["directory": "\(directory.path)", "every": "\(configuration.interval)", "keep": "\(configuration.keep)"])
        let started = Date()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let wait = delayBeforeNext(now: Date(), started: started)
            if wait > .zero {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                continue
            }
            do {
                let (dump, _) = try await tool.backup(into: directory.path)
                if configuration.verify {
                    do {
                        _ = try await tool.verify(dump)
                    } catch {
                        // A backup that does not restore is not one: remove it, so the next attempt is not put off.
                        try? FileManager.default.removeItem(atPath: dump)
                        try? FileManager.default.removeItem(atPath: BackupManifest.path(forDump: dump))
                        throw error
                    }
                }
                let removed = try directory.prune(keep: configuration.keep)
                logger.info("scheduled backup done", metadata: ["dump": "\(dump)", "verified": "\(configuration.verify)", "removed": "\(removed.count)"])
            } catch {
                logger.error("scheduled backup failed; retrying later", metadata: ["error": "\(error)", "retry": "\(configuration.retry)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: configuration.retry) }
            }
        }
    }

    /// How long until the next backup is due: `interval` after the newest one; with none, the first delay after start.
    func delayBeforeNext(now: Date, started: Date) -> Duration {
        let interval = Double(configuration.interval.components.seconds)
        let due = directory.backups().first.map { $0.manifest.createdAt.addingTimeInterval(interval) }
            ?? started.addingTimeInterval(min(interval, 3600))
        let seconds = due.timeIntervalSince(now)
        return seconds > 0 ? .seconds(seconds) : .zero
    }
}
