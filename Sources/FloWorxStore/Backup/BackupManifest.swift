import Foundation

/// What a backup holds, written beside its dump as `NAME.manifest.json`: enough to check the dump file is intact and
/// that a restore of it reproduces every table exactly.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// Manifest format version.
    public var format = 1
    public var createdAt: Date
    /// The database backed up, without credentials.
    public var source: String
    /// `server_version` of the PostgreSQL backed up.
    public var serverVersion: String
    /// The newest FloWorx migration applied, if the database had any.
    public var migration: Int?
    /// The dump's file name (in the manifest's folder), its size and SHA-256.
    public var dumpFile: String
    public var dumpBytes: Int
    public var dumpSHA256: String
    /// Every table, taken in the same snapshot as the dump.
    public var tables: [TableChecksum]

    /// The manifest's path for a dump path.
    public static func path(forDump dump: String) -> String {
        let base = dump.hasSuffix(".dump") ? String(dump.dropLast(5)) : dump
        return base + ".manifest.json"
    }

    /// Reads the manifest of `dump`.
    public static func read(forDump dump: String) throws -> BackupManifest {
        let path = path(forDump: dump)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError(.backupUnreadable, "no manifest at \(path): a FloWorx backup is a .dump file with its .manifest.json beside it")
        }
        do {
            return try Self.decoder.decode(BackupManifest.self, from: data)
        } catch {
            throw StoreError(.backupUnreadable, "\(path) is not a FloWorx backup manifest: \(error)")
        }
    }

    /// Writes the manifest beside its dump.
    func write(besideDump dump: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(forDump: dump)), options: .atomic)
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// The tables whose rows differ from `other`'s, as lines for a report; empty when identical.
    public func differences(from other: [TableChecksum]) -> [String] {
        let theirs = Dictionary(other.map { ($0.table, $0) }, uniquingKeysWith: { first, _ in first })
        var lines: [String] = []
        for table in tables {
            guard let copy = theirs[table.table] else {
                lines.append("\(table.table): missing from the copy")
                continue
            }
            if copy.rows != table.rows {
                lines.append("\(table.table): \(table.rows) rows backed up, \(copy.rows) in the copy")
            } else if copy.md5 != table.md5 {
                lines.append("\(table.table): same \(table.rows) rows counted, different content")
            }
        }
        let ours = Set(tables.map(\.table))
        lines += other.filter { !ours.contains($0.table) }.map { "\($0.table): in the copy, not in the backup" }
        return lines
    }
}
