import Foundation
import PostgresNIO

extension CredentialsRepository {
    /// Runs `body` with the integration's decrypted credentials while holding its row lock, so one refresh runs at
    /// a time per integration across every worker process; when `body` returns new credentials they are sealed and
    /// stored in the same transaction. Returns what is stored afterwards.
    public func withLockedCredentials(integrationId: UUID, _ body: @Sendable (Data?) async throws -> Data?) async throws -> Data? {
        try await database.transaction { connection in
            let rows = try await connection.query("""
                SELECT credentials::text FROM public.integrations WHERE id = \(integrationId) FOR UPDATE
                """).collect()
            guard let text = try rows.first?.decode(String.self) else { throw StoreError(.notFound, "integration \(integrationId) does not exist") }
            let current: Data?
            if text == "{}" {
                current = nil
            } else {
                current = try cipher.open(try JSONDecoder().decode(CredentialCipher.Envelope.self, from: Data(text.utf8)), rowId: integrationId)
            }
            guard let updated = try await body(current) else { return current }
            let json = String(decoding: try JSONEncoder().encode(try cipher.seal(updated, rowId: integrationId)), as: UTF8.self)
            try await connection.query("UPDATE public.integrations SET credentials = \(json)::jsonb, updated_at = now() WHERE id = \(integrationId)")
            return updated
        }
    }

    /// Seals a secret that belongs to another row (an OAuth state's PKCE verifier), bound to that row's id.
    public func seal(_ plaintext: Data, rowId: UUID) throws -> String {
        String(decoding: try JSONEncoder().encode(try cipher.seal(plaintext, rowId: rowId)), as: UTF8.self)
    }

    /// Opens what `seal(_:rowId:)` made.
    public func open(_ envelopeJSON: String, rowId: UUID) throws -> Data {
        try cipher.open(try JSONDecoder().decode(CredentialCipher.Envelope.self, from: Data(envelopeJSON.utf8)), rowId: rowId)
    }
}
