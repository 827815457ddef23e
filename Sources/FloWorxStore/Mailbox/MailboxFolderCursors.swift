import Foundation
import PostgresNIO

/// The delta link of each FloWorx folder of an Outlook mailbox (`floworx.mailbox_folder_cursors`), read to notice
/// the owner moving mail between FloWorx folders.
public struct MailboxFolderCursors: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// The stored delta link of a folder, or nil when it was never read (or its state expired).
    public func link(_ integrationId: UUID, folderId: String) async throws -> String? {
        try await database.query("""
            SELECT delta_link FROM floworx.mailbox_folder_cursors WHERE integration_id = \(integrationId) AND folder_id = \(folderId)
            """).collect().first?.decode(String.self)
    }

    /// Stores a folder's delta link after a whole round was read.
    public func set(_ integrationId: UUID, folderId: String, link: String) async throws {
        try await database.query("""
            INSERT INTO floworx.mailbox_folder_cursors (integration_id, folder_id, delta_link) VALUES (\(integrationId), \(folderId), \(link))
            ON CONFLICT (integration_id, folder_id) DO UPDATE SET delta_link = excluded.delta_link, updated_at = now()
            """)
    }

    /// Forgets a folder's delta link (the folder is gone, or its delta state expired).
    public func remove(_ integrationId: UUID, folderId: String) async throws {
        try await database.query("""
            DELETE FROM floworx.mailbox_folder_cursors WHERE integration_id = \(integrationId) AND folder_id = \(folderId)
            """)
    }
}
