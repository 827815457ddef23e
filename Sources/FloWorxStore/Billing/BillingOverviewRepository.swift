import FloWorxCore
import Foundation
import PostgresNIO

/// Reads one business's billing view (GET /api/v1/billing): its subscription, usage and latest invoices.
public struct BillingOverviewRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// The overview of business `clientId`, with at most `invoiceLimit` invoices, newest first.
    public func overview(clientId: UUID, invoiceLimit: Int = 24) async throws -> BillingOverview {
        var subscription: BillingOverview.Subscription?
        let subscriptions = try await database.query("""
            SELECT s.id, s.plan_id, s.status, o.stripe_status, s.current_period_start, s.current_period_end, o.past_due_since
            FROM public.subscriptions s LEFT JOIN floworx.stripe_objects o ON o.local_id = s.id
            WHERE s.client_id = \(clientId)
            ORDER BY (s.status <> 'canceled') DESC, s.updated_at DESC NULLS LAST, s.created_at DESC NULLS LAST LIMIT 1
            """)
        for try await (id, plan, status, stripeStatus, start, end, since) in subscriptions.decode((UUID, String, String, String?, Date?, Date?, Date?).self) {
            subscription = .init(id: id, planId: plan, status: status, stripeStatus: stripeStatus, currentPeriodStart: start, currentPeriodEnd: end, pastDueSince: since)
        }
        var invoices: [BillingOverview.Invoice] = []
        let rows = try await database.query("""
            SELECT i.id, o.number, i.amount, i.currency, i.status, i.due_date, i.paid_at, o.hosted_invoice_url, i.created_at
            FROM public.invoices i JOIN public.subscriptions s ON s.id = i.subscription_id
            LEFT JOIN floworx.stripe_objects o ON o.local_id = i.id
            WHERE s.client_id = \(clientId)
            ORDER BY i.created_at DESC NULLS LAST, i.id LIMIT \(invoiceLimit)
            """)
        for try await (id, number, amount, currency, status, due, paid, url, created) in rows.decode(
            (UUID, String?, Decimal, String, String, Date?, Date?, String?, Date?).self)
        {
            invoices.append(.init(id: id, number: number, amount: amount, currency: currency, status: status, dueDate: due, paidAt: paid, hostedInvoiceURL: url, createdAt: created))
        }
        let account = try await BillingUsageRepository(database: database).account(clientId)
        var overview = BillingOverview(subscription: subscription, invoices: invoices, account: account)
        let standing = try await database.query("""
            SELECT (SELECT count(*) FROM public.integrations WHERE client_id = \(clientId) AND status <> 'revoked'),
                   coalesce((SELECT CASE WHEN jsonb_typeof(managers) = 'array' THEN jsonb_array_length(managers) ELSE 0 END
                             FROM public.profiles WHERE id = \(clientId)), 0)
            """)
        for try await (mailboxes, managers) in standing.decode((Int, Int).self) {
            overview.mailboxes = mailboxes
            overview.managers = managers
        }
        return overview
    }
}
