import FloWorxCore
import FloWorxServer
import FloWorxStore
import FloWorxWorker
import Foundation
import Logging

/// Billing settings from the environment (README, "Configuration"; docs/billing.md):
/// - `FLOWORX_BILLING_PLANS_FILE`: a plans file replacing the built-in catalog (validated at start-up; every problem
///   is reported by field);
/// - `FLOWORX_BILLING_ENFORCE` (default true): plan limits in the email pipeline;
/// - `FLOWORX_BILLING_GRACE_DAYS` (default 7, 0-90): how long a past_due subscription keeps its plan;
/// - `STRIPE_WEBHOOK_SECRETS`: the webhook endpoint's signing secrets, comma-separated (several during a rotation);
/// - `FLOWORX_STRIPE_WEBHOOK_TOLERANCE_SECONDS` (default 300, 1-3600).
enum BillingSettings {
    static func plans() throws -> PlanCatalog {
        guard let path = Environment.get("FLOWORX_BILLING_PLANS_FILE"), !path.isEmpty else { return .builtIn }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError("FLOWORX_BILLING_PLANS_FILE: cannot read \(path): \(error.localizedDescription)")
        }
        do {
            return try PlanCatalog.parse(data)
        } catch let error as PlanCatalogError {
            throw ConfigurationError("FLOWORX_BILLING_PLANS_FILE (\(path)): \(error)")
        }
    }

    static func gracePeriod() throws -> Duration {
        .seconds(86_400 * (try Environment.int("FLOWORX_BILLING_GRACE_DAYS", range: 0...90) ?? 7))
    }

    /// The pipeline's plan limits; nil when `FLOWORX_BILLING_ENFORCE=false`.
    static func enforcement() throws -> BillingEnforcement? {
        guard try Environment.bool("FLOWORX_BILLING_ENFORCE") ?? true else { return nil }
        return BillingEnforcement(plans: try plans(), gracePeriod: try gracePeriod())
    }

    /// The server's webhook and billing view settings.
    static func server() throws -> BillingServerConfiguration {
        var configuration = BillingServerConfiguration(
            webhookSecrets: BillingServerConfiguration.secrets(Environment.get("STRIPE_WEBHOOK_SECRETS")),
            tolerance: try Environment.int("FLOWORX_STRIPE_WEBHOOK_TOLERANCE_SECONDS", range: 1...3600) ?? 300,
            plans: try plans())
        configuration.gracePeriod = try gracePeriod()
        return configuration
    }

    /// Writes the plans' mailbox and manager limits into the database (`floworx.plan_limits`, migration 0049), which
    /// its triggers enforce on every path; with `FLOWORX_BILLING_ENFORCE=false` the table is emptied (no limits).
    /// Run by `floworx serve` after the migrations and the demo data.
    static func syncPlanLimits(_ connection: DatabaseConnectionInfo, logger: Logger) async throws {
        let catalog = try Environment.bool("FLOWORX_BILLING_ENFORCE") ?? true ? try plans() : nil
        let grace = try gracePeriod()
        try await Database.withPool(connection, connections: 1, logger: logger) { pool in
            try await PlanLimitRepository(database: pool.service).sync(catalog, gracePeriod: grace)
        }
    }
}
