import Foundation
import PostgresNIO

/// Writes and re-encrypts `integrations.credentials`: the only code that touches that column.
public struct CredentialsRepository: Sendable {
    let database: ServiceDatabase
    let cipher: CredentialCipher

    public init(database: ServiceDatabase, cipher: CredentialCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// What the API may say about stored credentials: never the credentials.
    public struct Summary: Sendable {
        public var integrationId: UUID
        public var provider: String
        public var status: String
        public var keyId: String?
        public var updatedAt: Date
    }

    /// Encrypts and stores `plaintext` (a JSON object of tokens) and marks the integration active.
    public func store(_ plaintext: Data, integrationId: UUID) async throws -> Summary? {
        let envelope = try cipher.seal(plaintext, rowId: integrationId)
        let json = String(decoding: try JSONEncoder().encode(envelope), as: UTF8.self)
        let rows = try await database.query("""
            UPDATE public.integrations SET credentials = \(json)::jsonb, status = 'active'
            WHERE id = \(integrationId)
            RETURNING id, provider, status, credentials->>'kid', updated_at
            """).collect()
        return try rows.first.map(Self.summary)
    }

    /// Forgets the credentials and marks the integration revoked.
    public func clear(integrationId: UUID) async throws -> Summary? {
        let rows = try await database.query("""
            UPDATE public.integrations SET credentials = '{}'::jsonb, status = 'revoked'
            WHERE id = \(integrationId)
            RETURNING id, provider, status, credentials->>'kid', updated_at
            """).collect()
        return try rows.first.map(Self.summary)
    }

    /// The decrypted credentials of an integration (for the provider clients).
    public func credentials(integrationId: UUID) async throws -> Data? {
        let rows = try await database.query("SELECT credentials::text FROM public.integrations WHERE id = \(integrationId)").collect()
        guard let text = try rows.first?.decode(String.self), text != "{}" else { return nil }
        let envelope = try JSONDecoder().decode(CredentialCipher.Envelope.self, from: Data(text.utf8))
        return try cipher.open(envelope, rowId: integrationId)
    }

    /// Re-encrypts, with the current key, every envelope made with another key; returns how many.
    /// Works in batches of `batchSize` rows, each batch in its own transaction.
    public func rotate(batchSize: Int = 200) async throws -> Int {
        var total = 0
        while true {
            let changed = try await database.transaction { connection in
                let rows = try await connection.query("""
                    SELECT id, credentials::text FROM public.integrations
                    WHERE credentials ? 'kid' AND credentials->>'kid' <> \(cipher.current.id)
                    LIMIT \(batchSize) FOR UPDATE SKIP LOCKED
                    """).collect()
                for row in rows {
                    let (id, text) = try row.decode((UUID, String).self)
                    let envelope = try JSONDecoder().decode(CredentialCipher.Envelope.self, from: Data(text.utf8))
                    let resealed = try cipher.seal(try cipher.open(envelope, rowId: id), rowId: id)
                    let json = String(decoding: try JSONEncoder().encode(resealed), as: UTF8.self)
                    try await connection.query("UPDATE public.integrations SET credentials = \(json)::jsonb WHERE id = \(id)")
                }
                return rows.count
            }
            total += changed
            if changed < batchSize { return total }
        }
    }

    static func summary(_ row: PostgresRow) throws -> Summary {
        let (id, provider, status, keyId, updatedAt) = try row.decode((UUID, String, String, String?, Date).self)
        return Summary(integrationId: id, provider: provider, status: status, keyId: keyId, updatedAt: updatedAt)
    }
}

extension CredentialsRepository {
    /// Whether the caller's role and claims can see this integration (RLS decides).
    public static func isVisible(_ integrationId: UUID, to tenant: TenantDatabase) async throws -> Bool {
        let business = tenant.business
        return try await tenant.transaction { connection in
            try await connection.query("SELECT 1 FROM public.integrations WHERE id = \(integrationId) AND client_id = \(business)").collect().count == 1
        }
    }
}
