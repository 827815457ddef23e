import Foundation
import PostgresNIO

/// Ingestion rate limits per client: a token bucket per client in `floworx.ingest_buckets` (0023), so that every
/// API process shares one budget per client. A bucket holds at most `burst` tokens and refills at `perMinute`; each
/// message takes one. The check and the taking are one statement, safe against concurrent requests; a refusal
/// writes nothing.
public struct IngestRateLimiter: Sendable {
    let database: ServiceDatabase

    /// The outcome of `take`.
    public enum Decision: Sendable, Equatable {
        /// The tokens were taken.
        case admitted
        /// Not enough tokens; enough will be there in about this many whole seconds (at least 1).
        case refused(retryAfterSeconds: Int)
    }

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Takes `count` tokens from `client`'s bucket (at most `burst` of them: a request larger than the burst needs
    /// a full bucket and empties it). An unknown client is PostgreSQL's foreign key violation (23503).
    public func take(_ count: Int, client: UUID, perMinute: Int, burst: Int) async throws -> Decision {
        let cost = Double(min(max(count, 1), max(burst, 1)))
        let capacity = Double(max(burst, 1))
        let perSecond = Double(max(perMinute, 1)) / 60
        // `available` is read before the upsert (for Retry-After only); the upsert itself re-reads the locked row,
        // so two requests cannot both spend the same tokens.
        let rows = try await database.query("""
            WITH bucket AS (
              SELECT least(\(capacity), b.tokens + \(perSecond) * greatest(extract(epoch FROM now() - b.refilled_at)::float8, 0)) AS available
              FROM floworx.ingest_buckets b WHERE b.client_id = \(client)
            ), taken AS (
              INSERT INTO floworx.ingest_buckets AS b (client_id, tokens, refilled_at)
              VALUES (\(client), \(capacity) - \(cost), now())
              ON CONFLICT (client_id) DO UPDATE
                SET tokens = least(\(capacity), b.tokens + \(perSecond) * greatest(extract(epoch FROM now() - b.refilled_at)::float8, 0)) - \(cost),
                    refilled_at = greatest(b.refilled_at, now())
                WHERE least(\(capacity), b.tokens + \(perSecond) * greatest(extract(epoch FROM now() - b.refilled_at)::float8, 0)) >= \(cost)
              RETURNING 1
            )
            SELECT (SELECT count(*) FROM taken)::int, (SELECT available FROM bucket)
            """)
        for try await (taken, available) in rows.decode((Int, Double?).self) {
            if taken > 0 { return .admitted }
            let missing = cost - (available ?? 0)
            return .refused(retryAfterSeconds: max(1, Int((missing / perSecond).rounded(.up))))
        }
        return .refused(retryAfterSeconds: 1)
    }
}
