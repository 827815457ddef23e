import FloWorxCore
import FloWorxStore
import Foundation
import Hummingbird

/// `GET /api/v1/billing`: the signed-in owner's plan, usage against its limits this period, what is paused and why,
/// the subscription and the latest invoices with their hosted links. Read-only; the same subscriptions and invoices
/// are readable through the data API under row-level security (`/rest/v1/subscriptions`, `/rest/v1/invoices`).
struct BillingController: Sendable {
    let overviews: BillingOverviewRepository
    let authenticator: RequestAuthenticator
    let configuration: BillingServerConfiguration

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("api/v1/billing") { request, context in await APIError.handle(request) { try await show(request, context) } }
    }

    private func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try await authenticator.authenticateUser(request)
        guard let clientId = caller.identity.userId else { throw APIError(.forbidden, "owner_only", "the billing view is the signed-in owner's") }
        let overview = try await overviews.overview(clientId: clientId)
        let plans = configuration.plans
        let plan = overview.subscription.flatMap { plans.plan(id: $0.planId) } ?? plans.freePlan
        let now = Date()
        let usage = overview.account?.usage ?? BillingUsage(periodStart: now, periodEnd: now, emails: 0, drafts: 0, llmTokens: 0)
        let entitlement = BillingEntitlement.decide(
            plan: plan, status: overview.subscription?.status, pastDueSince: overview.subscription?.pastDueSince, usage: usage,
            gracePeriod: configuration.gracePeriod, now: now)
        func limit(_ value: Int?) -> Any { value ?? NSNull() }
        func date(_ value: Date?) -> Any { value.map(ISO8601.format) ?? NSNull() }
        let body: [String: Any] = [
            "plan": [
                "id": plan.id, "name": plan.name, "price_cents": plan.priceCents, "currency": plan.currency, "interval": plan.interval,
                "features": plan.features, "free": plan.id == plans.freePlanId,
            ] as [String: Any],
            "subscription": overview.subscription.map { subscription -> Any in
                [
                    "id": subscription.id.uuidString.lowercased(), "plan_id": subscription.planId, "status": subscription.status,
                    "stripe_status": subscription.stripeStatus ?? NSNull(), "current_period_start": date(subscription.currentPeriodStart),
                    "current_period_end": date(subscription.currentPeriodEnd), "past_due_since": date(subscription.pastDueSince),
                ] as [String: Any]
            } ?? NSNull(),
            "usage": [
                "period_start": date(overview.account?.usage.periodStart), "period_end": date(overview.account?.usage.periodEnd),
                "emails": usage.emails, "drafts": usage.drafts, "llm_tokens": usage.llmTokens,
                "mailboxes": overview.mailboxes, "managers": overview.managers,
            ] as [String: Any],
            "limits": [
                "emails_per_month": limit(plan.limits.emailsPerMonth), "mailboxes": limit(plan.limits.mailboxes),
                "drafts_per_month": limit(plan.limits.draftsPerMonth), "llm_tokens_per_month": limit(plan.limits.llmTokensPerMonth),
                "managers": limit(plan.limits.managers),
            ] as [String: Any],
            "drafts_allowed": entitlement.draftsAllowed,
            "integrations_active": entitlement.integrationsActive,
            "paused_reason": entitlement.block?.rawValue ?? NSNull(),
            "invoices": overview.invoices.map { invoice -> [String: Any] in
                [
                    "id": invoice.id.uuidString.lowercased(), "number": invoice.number ?? NSNull(),
                    "amount": NSDecimalNumber(decimal: invoice.amount).doubleValue, "currency": invoice.currency, "status": invoice.status,
                    "due_date": date(invoice.dueDate), "paid_at": date(invoice.paidAt), "hosted_invoice_url": invoice.hostedInvoiceURL ?? NSNull(),
                    "created_at": date(invoice.createdAt),
                ]
            },
        ]
        return APIError.json(body, status: .ok)
    }
}
