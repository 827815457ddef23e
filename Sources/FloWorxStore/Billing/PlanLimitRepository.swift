import FloWorxCore
import Foundation
import PostgresNIO

/// The plans' standing limits in the database (`floworx.plan_limits`, migration 0049), which the triggers on
/// `integrations` and `profiles.managers` enforce, and the mailbox check the API makes before OAuth.
public struct PlanLimitRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Makes `floworx.plan_limits` the catalog's mailbox and manager limits (one transaction: plans no longer in the
    /// catalog are deleted). `catalog` nil empties it: nothing is enforced (`FLOWORX_BILLING_ENFORCE=false`).
    public func sync(_ catalog: PlanCatalog?, gracePeriod: Duration = .seconds(7 * 86_400)) async throws {
        let plans = catalog?.plans ?? []
        let free = catalog?.freePlanId ?? ""
        let grace = Int(min(gracePeriod.components.seconds, Int64(Int32.max)))
        try await database.transaction { connection in
            try await connection.query("""
                DELETE FROM floworx.plan_limits WHERE NOT (plan_id = ANY(\(plans.map(\.id))::text[]))
                """)
            // The free flag moves in two steps, so the one-free-plan index never sees two.
            try await connection.query("UPDATE floworx.plan_limits SET is_free = false WHERE is_free AND plan_id <> \(free)")
            try await connection.query("""
                INSERT INTO floworx.plan_limits AS l (plan_id, name, mailboxes, managers, is_free, grace_seconds, synced_at)
                SELECT p.id, p.name, nullif(p.mailboxes, -1), nullif(p.managers, -1), p.id = \(free), \(grace), now()
                FROM unnest(\(plans.map(\.id))::text[], \(plans.map(\.name))::text[],
                            \(plans.map { $0.limits.mailboxes ?? -1 })::int[], \(plans.map { $0.limits.managers ?? -1 })::int[]) AS p(id, name, mailboxes, managers)
                ON CONFLICT (plan_id) DO UPDATE SET name = excluded.name, mailboxes = excluded.mailboxes, managers = excluded.managers,
                  is_free = excluded.is_free, grace_seconds = excluded.grace_seconds, synced_at = now()
                """)
        }
    }

    /// Throws `PlanLimitError` when connecting a mailbox of `provider` would take business `clientId` past its plan.
    /// Reconnecting the provider it already has (its row is reused) is never refused. The database checks again
    /// when the row is written; this is the early answer, before the owner is sent to the provider.
    public func checkMailbox(clientId: UUID, provider: String) async throws {
        do {
            try await database.query("SELECT floworx.assert_mailbox_limit(\(clientId), NULL, \(provider))").discardRows()
        } catch {
            if let refusal = PlanLimitError(error) { throw refusal }
            throw error
        }
    }
}
