import Foundation
import FloWorxCore

/// Billing settings of the HTTP server: the Stripe webhook's signing secrets, the plans, and where the current state
/// of a Stripe object is fetched when an event's order cannot be decided.
public struct BillingServerConfiguration: Sendable {
    /// Endpoint signing secrets (`STRIPE_WEBHOOK_SECRETS`, comma-separated: several during a rotation). Empty: the
    /// webhook answers 503 `stripe_webhook_not_configured` and writes nothing.
    public var webhookSecrets: [String]
    /// Seconds a signature's timestamp may be from now (`FLOWORX_STRIPE_WEBHOOK_TOLERANCE_SECONDS`, 300).
    public var tolerance: Int
    /// The plans (`FLOWORX_BILLING_PLANS_FILE`, else the built-in catalog).
    public var plans: PlanCatalog
    /// The Stripe API (or the local Stripe server); nil: an event older than the object's state is skipped, and an
    /// invoice of an unknown subscription is refused with 409 so that Stripe retries it.
    public var objectSource: (any StripeObjectSource)?
    /// Webhook bodies larger than this are refused (413). Stripe's events are a few KB.
    public var maximumBody: Int
    /// How long a past_due subscription keeps its plan (`FLOWORX_BILLING_GRACE_DAYS`, 7 days); shown in the owner's view.
    public var gracePeriod: Duration = .seconds(7 * 86_400)

    public init(webhookSecrets: [String] = [], tolerance: Int = 300, plans: PlanCatalog = .builtIn, objectSource: (any StripeObjectSource)? = nil, maximumBody: Int = 512 * 1024) {
        self.webhookSecrets = webhookSecrets
        self.tolerance = tolerance
        self.plans = plans
        self.objectSource = objectSource
        self.maximumBody = maximumBody
    }

    /// The secrets of a comma-separated setting, trimmed, empty items dropped.
    public static func secrets(_ setting: String?) -> [String] {
        (setting ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
