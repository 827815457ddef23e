import Crypto
import Foundation
import PostgresNIO

/// Sync state of connected mailboxes (`floworx.mailboxes`): checkpoints that only move forward, push channels, the
/// shared request budget, pauses.
public struct MailboxRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Creates or resets the sync state of a mailbox that was just connected (checkpoint: where sync starts).
    public func connect(integrationId: UUID, clientId: UUID, provider: String, address: String?, checkpoint: String?, checkpointSeq: Int64, backfillFrom: Date?) async throws {
        try await database.query("""
            INSERT INTO floworx.mailboxes (integration_id, client_id, provider, address, checkpoint, checkpoint_seq, resync_from)
            VALUES (\(integrationId), \(clientId), \(provider), \(address), \(checkpoint), \(checkpointSeq), \(backfillFrom))
            ON CONFLICT (integration_id) DO UPDATE
            SET address = excluded.address, checkpoint = excluded.checkpoint, checkpoint_seq = excluded.checkpoint_seq,
                resync_from = excluded.resync_from, paused = false, push_lapsed_at = NULL, not_before = NULL, last_error = NULL,
                updated_at = now()
            """)
    }

    /// One mailbox with its integration's status.
    public func mailbox(_ integrationId: UUID) async throws -> MailboxState? {
        let rows = try await database.query("""
            SELECT \(unescaped: Self.columns) FROM floworx.mailboxes m JOIN public.integrations i ON i.id = m.integration_id
            WHERE m.integration_id = \(integrationId)
            """)
        return try await Self.states(rows).first
    }

    /// The mailboxes of a provider with this address (Gmail pushes name only the address).
    public func mailboxes(provider: String, address: String) async throws -> [MailboxState] {
        let rows = try await database.query("""
            SELECT \(unescaped: Self.columns) FROM floworx.mailboxes m JOIN public.integrations i ON i.id = m.integration_id
            WHERE m.provider = \(provider) AND lower(m.address) = lower(\(address))
            """)
        return try await Self.states(rows)
    }

    /// Every mailbox of a provider that is active and not paused (polling, renewal).
    public func activeMailboxes(provider: String? = nil) async throws -> [MailboxState] {
        let rows = try await database.query("""
            SELECT \(unescaped: Self.columns) FROM floworx.mailboxes m JOIN public.integrations i ON i.id = m.integration_id
            WHERE i.status = 'active' AND NOT m.paused AND (\(provider)::text IS NULL OR m.provider = \(provider))
            """)
        return try await Self.states(rows)
    }

    /// Moves the checkpoint forward, only if `seq` is beyond the stored one (a racing worker holding an older position
    /// changes nothing). Clears a pending resync when `resyncDone`. Returns whether it moved.
    @discardableResult
    public func advance(_ integrationId: UUID, checkpoint: String, seq: Int64, resyncDone: Bool = false) async throws -> Bool {
        try await database.query("""
            UPDATE floworx.mailboxes
            SET checkpoint = \(checkpoint), checkpoint_seq = \(seq), last_sync_at = now(), last_error = NULL, updated_at = now(),
                resync_from = CASE WHEN \(resyncDone) THEN NULL ELSE resync_from END
            WHERE integration_id = \(integrationId) AND checkpoint_seq < \(seq)
            RETURNING 1
            """).collect().count == 1
    }

    /// Records a sync that found nothing new (the checkpoint stays).
    public func touched(_ integrationId: UUID) async throws {
        try await database.query("UPDATE floworx.mailboxes SET last_sync_at = now(), last_error = NULL WHERE integration_id = \(integrationId)")
    }

    /// The checkpoint expired at the provider: keep the position, mark a resync that backfills from the last sync
    /// (or `fallback`), never a jump to "now".
    public func markResync(_ integrationId: UUID, fallback: Date) async throws {
        try await database.query("""
            UPDATE floworx.mailboxes SET resync_from = coalesce(resync_from, last_sync_at, \(fallback)), updated_at = now()
            WHERE integration_id = \(integrationId)
            """)
    }

    /// Stores the push channel (Graph subscription id and the hash of its clientState; Gmail: watch expiry only).
    public func setPush(_ integrationId: UUID, pushId: String?, secret: String?, expiresAt: Date?) async throws {
        let hash = secret.map { Array(SHA256.hash(data: Data($0.utf8))) }
        try await database.query("""
            UPDATE floworx.mailboxes SET push_id = \(pushId), push_secret_sha256 = \(hash.map { ByteBuffer(bytes: $0) }),
                push_expires_at = \(expiresAt), push_lapsed_at = NULL, updated_at = now()
            WHERE integration_id = \(integrationId)
            """)
    }

    /// A renewed push channel's new expiry (its id and secret stay).
    public func setPushExpiry(_ integrationId: UUID, _ expiresAt: Date) async throws {
        try await database.query("""
            UPDATE floworx.mailboxes SET push_expires_at = \(expiresAt), push_lapsed_at = NULL, updated_at = now() WHERE integration_id = \(integrationId)
            """)
    }

    /// The mailbox a Graph subscription belongs to, with the hash of its clientState.
    public func mailbox(pushId: String) async throws -> (integrationId: UUID, clientId: UUID, secretSHA256: [UInt8]?)? {
        let rows = try await database.query("""
            SELECT integration_id, client_id, push_secret_sha256 FROM floworx.mailboxes WHERE push_id = \(pushId)
            """).collect()
        guard let row = rows.first else { return nil }
        let (id, client, hash) = try row.decode((UUID, UUID, ByteBuffer?).self)
        return (id, client, hash.map { Array($0.readableBytesView) })
    }

    /// Records that push lapsed and could not be renewed; true only the first time (tell the owner once).
    public func markPushLapsed(_ integrationId: UUID) async throws -> Bool {
        try await database.query("""
            UPDATE floworx.mailboxes SET push_lapsed_at = now(), updated_at = now()
            WHERE integration_id = \(integrationId) AND push_lapsed_at IS NULL
            RETURNING 1
            """).collect().count == 1
    }

    /// Pauses or resumes sync, recording why.
    public func setPaused(_ integrationId: UUID, _ paused: Bool, reason: String?) async throws {
        try await database.query("""
            UPDATE floworx.mailboxes SET paused = \(paused), last_error = \(reason), updated_at = now() WHERE integration_id = \(integrationId)
            """)
    }

    /// No call to this mailbox's provider before `date` (Retry-After); a later pause already set stands.
    public func pauseCalls(_ integrationId: UUID, until date: Date, reason: String) async throws {
        try await database.query("""
            UPDATE floworx.mailboxes SET not_before = greatest(coalesce(not_before, \(date)), \(date)), last_error = \(reason), updated_at = now()
            WHERE integration_id = \(integrationId)
            """)
    }

    /// Takes `cost` units of the mailbox's shared budget: 0 when granted, else the seconds to wait.
    public func takeBudget(_ integrationId: UUID, cost: Double, rate: Double, burst: Double) async throws -> Double {
        let rows = try await database.query("""
            SELECT floworx.take_mailbox_budget(\(integrationId), \(cost)::float8, \(rate)::float8, \(burst)::float8)
            """).collect()
        return try rows.first?.decode(Double.self) ?? 0
    }

    static let columns = """
        m.integration_id, m.client_id, m.provider, m.address, m.checkpoint, m.checkpoint_seq, m.resync_from, m.push_id, m.push_expires_at,
        m.push_lapsed_at, m.paused, m.not_before, m.last_sync_at, i.status
        """

    static func states(_ rows: PostgresRowSequence) async throws -> [MailboxState] {
        var states: [MailboxState] = []
        for try await row in rows {
            let c = row.makeRandomAccess()
            states.append(MailboxState(
                integrationId: try c[0].decode(UUID.self), clientId: try c[1].decode(UUID.self), provider: try c[2].decode(String.self),
                address: try c[3].decode(String?.self), checkpoint: try c[4].decode(String?.self), checkpointSeq: try c[5].decode(Int64.self),
                resyncFrom: try c[6].decode(Date?.self), pushId: try c[7].decode(String?.self), pushExpiresAt: try c[8].decode(Date?.self),
                pushLapsedAt: try c[9].decode(Date?.self), paused: try c[10].decode(Bool.self), notBefore: try c[11].decode(Date?.self),
                lastSyncAt: try c[12].decode(Date?.self), status: try c[13].decode(String.self)
            ))
        }
        return states
    }
}
