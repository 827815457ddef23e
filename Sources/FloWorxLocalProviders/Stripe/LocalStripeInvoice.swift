import Foundation

/// An invoice of the local Stripe account, billing one period of a subscription.
public struct LocalStripeInvoice: Sendable, Hashable {
    public var id: String
    public var number: String
    public var customer: String
    public var customerEmail: String?
    public var subscription: String
    public var subscriptionMetadata: [String: String]
    /// `draft`, `open`, `paid`, `uncollectible` or `void`.
    public var status: String
    public var amount: Int
    public var currency: String
    public var priceId: String
    public var price: LocalStripePrice
    public var quantity: Int
    /// `subscription_create` or `subscription_cycle`.
    public var billingReason: String
    /// The service period the line bills.
    public var linePeriodStart: Int
    public var linePeriodEnd: Int
    /// The window invoice items were collected in: for the first invoice both equal its creation, for a renewal
    /// the period that just ended (Stripe's `period_start`/`period_end`).
    public var periodStart: Int
    public var periodEnd: Int
    public var attemptCount: Int
    public var created: Int
    public var finalizedAt: Int?
    public var paidAt: Int?
    /// Where the hosted invoice page and PDF live (the local server's base URL).
    public var baseURL: String

    /// Stripe's invoice object; the line carries the service period. The subscription is both at
    /// the top level (before API 2025-03-31) and under `parent.subscription_details`.
    var json: [String: Any] {
        let paid = status == "paid"
        let line: [String: Any] = [
            "id": "il_" + id.dropFirst(3), "object": "line_item", "amount": amount, "currency": currency,
            "description": "\(quantity) × FloWorx (at $\(String(format: "%.2f", Double(price.unitAmount) / 100)) / \(price.interval))",
            "discountable": true, "invoice": id, "livemode": false, "metadata": [String: String](),
            "parent": ["type": "subscription_item_details", "subscription_item_details": ["subscription": subscription, "proration": false]],
            "period": ["start": linePeriodStart, "end": linePeriodEnd],
            "pricing": ["type": "price_details", "price_details": ["price": priceId, "product": "prod_" + priceId.dropFirst(6).prefix(14)],
                        "unit_amount_decimal": String(price.unitAmount)],
            "quantity": quantity]
        return ["id": id, "object": "invoice", "account_country": "US", "account_name": "FloWorx (local)", "amount_due": amount,
                "amount_paid": paid ? amount : 0, "amount_remaining": paid ? 0 : amount, "amount_shipping": 0, "attempt_count": attemptCount,
                "attempted": attemptCount > 0, "auto_advance": !paid, "billing_reason": billingReason,
                "collection_method": "charge_automatically", "created": created, "currency": currency, "customer": customer,
                "customer_email": customerEmail ?? NSNull(), "description": NSNull(), "due_date": NSNull(),
                "effective_at": finalizedAt ?? NSNull(), "ending_balance": finalizedAt == nil ? NSNull() : 0 as Any,
                "hosted_invoice_url": status == "draft" ? NSNull() : "\(baseURL)/invoice/\(id)" as Any,
                "invoice_pdf": status == "draft" ? NSNull() : "\(baseURL)/invoice/\(id)/pdf" as Any,
                "lines": ["object": "list", "data": [line], "has_more": false, "total_count": 1, "url": "/v1/invoices/\(id)/lines"],
                "livemode": false, "metadata": [String: String](), "next_payment_attempt": NSNull(), "number": number,
                "paid": paid, "parent": ["type": "subscription_details", "quote_details": NSNull(),
                                         "subscription_details": ["metadata": subscriptionMetadata, "subscription": subscription]],
                "period_end": periodEnd, "period_start": periodStart,
                "starting_balance": 0, "status": status,
                "status_transitions": ["finalized_at": finalizedAt.map { $0 as Any } ?? NSNull(), "marked_uncollectible_at": NSNull(),
                                       "paid_at": paidAt.map { $0 as Any } ?? NSNull(), "voided_at": NSNull()] as [String: Any],
                "subscription": subscription, "subtotal": amount, "total": amount]
    }
}
