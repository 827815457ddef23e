import Foundation
import PostgresNIO

/// Web push subscriptions (`push.subscriptions`, migration 0033).
///
/// The static functions run on a `TenantDatabase`: as the signed-in user, so row-level security confines them to
/// the user's own rows (the API's upsert, delete and list). The instance methods run on the `ServiceDatabase` for the
/// delivery worker: a user's subscriptions, removal of a dead endpoint (the push service said 404/410), and the
/// success and failure bookkeeping.
public struct PushSubscriptionRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Why a subscription was not stored.
    public enum Refusal: Error, Equatable {
        /// The caller has no user (anon or the service key).
        case noUser
        /// The user has `limit` subscriptions already; a new endpoint is refused (an existing one is updated).
        case tooMany(limit: Int)
    }

    // MARK: - As the signed-in user (RLS)

    /// Stores the subscription of the signed-in user, or replaces the keys of the user's subscription with the same
    /// endpoint. Returns the row and whether it is new.
    public static func upsert(
        endpoint: String, p256dh: String, auth: String, userAgent: String?, maximumPerUser: Int, on tenant: TenantDatabase
    ) async throws -> (record: PushSubscriptionRecord, created: Bool) {
        guard let userId = tenant.identity.userId, tenant.identity.role == .authenticated else { throw Refusal.noUser }
        return try await tenant.transaction { connection in
            // The cap counts only this user's rows (RLS); an existing endpoint is an update and always allowed.
            let rows = try await connection.query("""
                SELECT count(*)::int, coalesce(bool_or(endpoint = \(endpoint)), false) FROM push.subscriptions WHERE user_id = \(userId)
                """).collect()
            let (count, exists) = try rows.first?.decode((Int, Bool).self) ?? (0, false)
            if !exists && count >= maximumPerUser { throw Refusal.tooMany(limit: maximumPerUser) }
            let stored = try await connection.query("""
                INSERT INTO push.subscriptions (user_id, endpoint, p256dh, auth, user_agent)
                VALUES (\(userId), \(endpoint), \(p256dh), \(auth), \(userAgent))
                ON CONFLICT (user_id, endpoint) DO UPDATE
                    SET p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, user_agent = EXCLUDED.user_agent, updated_at = now()
                RETURNING id, user_id, endpoint, p256dh, auth, user_agent, created_at, last_success_at, failure_count, (xmax = 0)
                """).collect()
            guard let row = stored.first else { throw Refusal.noUser }
            let (id, user, storedEndpoint, key, secret, agent, createdAt, lastSuccessAt, failures, created) =
                try row.decode((UUID, UUID, String, String, String, String?, Date, Date?, Int, Bool).self)
            let record = PushSubscriptionRecord(
                id: id, userId: user, endpoint: storedEndpoint, p256dh: key, auth: secret, userAgent: agent, createdAt: createdAt,
                lastSuccessAt: lastSuccessAt, failureCount: failures)
            return (record, created)
        }
    }

    /// Deletes the signed-in user's subscription with this endpoint; false when the user has none (another user's
    /// row with the same endpoint is invisible and stays).
    public static func delete(endpoint: String, on tenant: TenantDatabase) async throws -> Bool {
        let business = tenant.business
        return try await tenant.transaction { connection in
            try await connection.query("DELETE FROM push.subscriptions WHERE endpoint = \(endpoint) AND user_id = \(business) RETURNING id").collect().count > 0
        }
    }

    /// The signed-in user's subscriptions, newest first.
    public static func list(on tenant: TenantDatabase) async throws -> [PushSubscriptionRecord] {
        let business = tenant.business
        return try await tenant.transaction { connection in
            try await connection.query("""
                SELECT id, user_id, endpoint, p256dh, auth, user_agent, created_at, last_success_at, failure_count
                FROM push.subscriptions WHERE user_id = \(business) ORDER BY created_at DESC, id
                """).collect().map(record)
        }
    }

    // MARK: - As the service (delivery)

    /// Every subscription of `userId` (the recipient of a push notification), oldest first.
    public func subscriptions(forUser userId: UUID) async throws -> [PushSubscriptionRecord] {
        try await database.query("""
            SELECT id, user_id, endpoint, p256dh, auth, user_agent, created_at, last_success_at, failure_count
            FROM push.subscriptions WHERE user_id = \(userId) ORDER BY created_at, id
            """).collect().map(Self.record)
    }

    /// Deletes every subscription with this endpoint (the push service answered 404 or 410: the endpoint is dead for
    /// everyone who registered it). Returns how many rows went.
    @discardableResult
    public func remove(endpoint: String) async throws -> Int {
        try await database.query("DELETE FROM push.subscriptions WHERE endpoint = \(endpoint) RETURNING id").collect().count
    }

    /// The push service accepted a message: the failure count starts again.
    public func recordSuccess(id: UUID) async throws {
        try await database.query("""
            UPDATE push.subscriptions SET last_success_at = now(), failure_count = 0, last_failure_reason = NULL WHERE id = \(id)
            """)
    }

    /// A push failed (retry or rejection); `reason` is kept, shortened, without secrets (the push service's answer).
    /// Returns the failure count since the last success, so the caller can give up on a subscription that keeps failing.
    @discardableResult
    public func recordFailure(id: UUID, reason: String) async throws -> Int {
        let short = String(reason.prefix(1000))
        let rows = try await database.query("""
            UPDATE push.subscriptions SET failure_count = failure_count + 1, last_failure_at = now(), last_failure_reason = \(short)
            WHERE id = \(id) RETURNING failure_count
            """).collect()
        return try rows.first?.decode(Int.self) ?? 0
    }

    static func record(_ row: PostgresRow) throws -> PushSubscriptionRecord {
        let (id, userId, endpoint, p256dh, auth, userAgent, createdAt, lastSuccessAt, failureCount) =
            try row.decode((UUID, UUID, String, String, String, String?, Date, Date?, Int).self)
        return PushSubscriptionRecord(
            id: id, userId: userId, endpoint: endpoint, p256dh: p256dh, auth: auth, userAgent: userAgent, createdAt: createdAt,
            lastSuccessAt: lastSuccessAt, failureCount: failureCount)
    }
}
