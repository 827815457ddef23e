import FloWorxCore

/// How the email pipeline enforces plan limits (`WorkerConfiguration.billing`; nil, the library default, enforces
/// nothing; `floworx serve` and `floworx worker` turn it on unless `FLOWORX_BILLING_ENFORCE=false`).
public struct BillingEnforcement: Sendable {
    /// The plans (`FLOWORX_BILLING_PLANS_FILE`, else built in).
    public var plans: PlanCatalog
    /// How long a past_due subscription keeps its plan (`FLOWORX_BILLING_GRACE_DAYS`, 7 days).
    public var gracePeriod: Duration

    public init(plans: PlanCatalog = .builtIn, gracePeriod: Duration = .seconds(7 * 86_400)) {
        self.plans = plans
        self.gracePeriod = gracePeriod
    }
}
