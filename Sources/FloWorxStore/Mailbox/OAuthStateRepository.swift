import Crypto
import Foundation
import PostgresNIO

/// OAuth connect flows in progress (`floworx.oauth_states`): the state is stored only as its SHA-256, the PKCE
/// verifier only sealed, and a state is used once, before it expires, by the user who started it.
public struct OAuthStateRepository: Sendable {
    let database: ServiceDatabase
    let credentials: CredentialsRepository

    public init(database: ServiceDatabase, credentials: CredentialsRepository) {
        self.database = database
        self.credentials = credentials
    }

    /// A started flow, as the callback finds it.
    public struct Flow: Sendable, Hashable {
        public var userId: UUID
        public var clientId: UUID
        public var provider: String
        public var verifier: String
        public var returnTo: String?
    }

    /// Records a flow; `state` is what the browser carries, `verifier` the PKCE code verifier.
    public func start(state: String, userId: UUID, clientId: UUID, provider: String, verifier: String, returnTo: String?, lifetime: Duration) async throws {
        let id = UUID()
        let sealed = try credentials.seal(Data(verifier.utf8), rowId: id)
        try await database.query("""
            INSERT INTO floworx.oauth_states (id, state_sha256, user_id, client_id, provider, verifier, return_to, expires_at)
            VALUES (\(id), \(Self.hash(state)), \(userId), \(clientId), \(provider), \(sealed)::jsonb, \(returnTo),
                    now() + make_interval(secs => \(lifetime.fractionalMilliseconds / 1000)))
            """)
        // Expired flows are of no use to anyone: forget them as new ones start.
        try await database.query("DELETE FROM floworx.oauth_states WHERE expires_at < now() - interval '1 day'")
    }

    /// Takes a flow by its state: nil when unknown, expired or already used. Marks it used in the same statement.
    public func consume(state: String) async throws -> Flow? {
        let rows = try await database.query("""
            UPDATE floworx.oauth_states SET used_at = now()
            WHERE state_sha256 = \(Self.hash(state)) AND used_at IS NULL AND expires_at > now()
            RETURNING id, user_id, client_id, provider, verifier::text, return_to
            """).collect()
        guard let row = rows.first else { return nil }
        let (id, user, client, provider, sealed, returnTo) = try row.decode((UUID, UUID, UUID, String, String, String?).self)
        let verifier = String(decoding: try credentials.open(sealed, rowId: id), as: UTF8.self)
        return Flow(userId: user, clientId: client, provider: provider, verifier: verifier, returnTo: returnTo)
    }

    static func hash(_ state: String) -> ByteBuffer {
        ByteBuffer(bytes: Array(SHA256.hash(data: Data(state.utf8))))
    }
}
