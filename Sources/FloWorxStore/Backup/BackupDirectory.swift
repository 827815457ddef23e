import Foundation

/// A folder of FloWorx backups (`floworx-*.dump` with their manifests): listing and retention.
public struct BackupDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The backups in the folder, newest first, by the time in their manifest (a dump without one is ignored).
    public func backups() -> [(dump: String, manifest: BackupManifest)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".dump") }.compactMap { name in
            let dump = (path as NSString).appendingPathComponent(name)
            return (try? BackupManifest.read(forDump: dump)).map { (dump, $0) }
        }.sorted { $0.manifest.createdAt > $1.manifest.createdAt }
    }

    /// Deletes all but the newest `keep` backups (dump and manifest); returns the dumps deleted.
    @discardableResult
    public func prune(keep: Int) throws -> [String] {
        let old = backups().dropFirst(max(keep, 1)).map(\.dump)
        for dump in old {
            try FileManager.default.removeItem(atPath: dump)
            try? FileManager.default.removeItem(atPath: BackupManifest.path(forDump: dump))
        }
        return old
    }
}
