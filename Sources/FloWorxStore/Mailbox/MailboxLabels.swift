import Foundation
import PostgresNIO

/// The business's label (Gmail) or folder (Outlook) ids per category path, in `profiles.email_labels`
/// (`schemas/email_labels.json`): kept by id, so a rename in the mailbox does not break the mapping.
public struct MailboxLabels: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Category path → provider id, for one provider.
    public func labels(clientId: UUID, provider: String) async throws -> [String: String] {
        let rows = try await database.query("""
            SELECT l.key, l.value->>'id' FROM public.profiles p, jsonb_each(coalesce(p.email_labels->\(provider), '{}'::jsonb)) l
            WHERE p.id = \(clientId) AND jsonb_typeof(l.value) = 'object'
            """)
        var labels: [String: String] = [:]
        for try await (key, id) in rows.decode((String, String?).self) {
            if let id { labels[key] = id }
        }
        return labels
    }

    /// Records the id (and display name) of one category path's label or folder.
    public func set(clientId: UUID, provider: String, path: String, id: String, name: String) async throws {
        try await database.query("""
            UPDATE public.profiles
            SET email_labels = jsonb_set(
                  coalesce(email_labels, '{}'::jsonb) || jsonb_build_object(\(provider)::text, coalesce(email_labels->\(provider), '{}'::jsonb)),
                  ARRAY[\(provider)::text, \(path)::text], jsonb_build_object('id', \(id)::text, 'name', \(name)::text))
            WHERE id = \(clientId)
            """)
    }

    /// The category path a provider label or folder id stands for (to read the owner's moves as corrections).
    public func path(clientId: UUID, provider: String, id: String) async throws -> String? {
        try await labels(clientId: clientId, provider: provider).first { $0.value == id }?.key
    }
}
