import Foundation
import PostgresNIO

/// Which steps of the web onboarding wizard a business has completed (`onboarding.progress`, migration 0055), read
/// and written as the owner under row-level security. The steps' answers themselves are saved for real as each step
/// is completed; this only remembers the steps gone through.
public enum OnboardingProgressRepository {
    /// The steps the signed-in owner has completed (empty before the first).
    public static func completed(on tenant: TenantDatabase) async throws -> Set<String> {
        let business = tenant.business
        return try await tenant.transaction { connection in
            let rows = try await connection.query("SELECT completed FROM onboarding.progress WHERE client_id = \(business)").collect()
            return Set(try rows.first?.decode([String].self) ?? [])
        }
    }

    /// Records `step` as completed; `finished` when it was the last one.
    public static func complete(_ step: String, finished: Bool, on tenant: TenantDatabase) async throws {
        guard let owner = tenant.identity.userId else { return }
        try await tenant.transaction { connection in
            _ = try await connection.query("""
                INSERT INTO onboarding.progress (client_id, completed, finished_at) VALUES (\(owner), ARRAY[\(step)]::text[], CASE WHEN \(finished) THEN now() END)
                ON CONFLICT (client_id) DO UPDATE
                SET completed = (SELECT array_agg(DISTINCT s ORDER BY s) FROM unnest(onboarding.progress.completed || EXCLUDED.completed) s),
                    finished_at = coalesce(onboarding.progress.finished_at, EXCLUDED.finished_at), updated_at = now()
                """).collect()
        }
    }
}
