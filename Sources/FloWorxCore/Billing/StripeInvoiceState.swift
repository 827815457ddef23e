import Foundation

/// The part of a Stripe invoice object FloWorx keeps.
public struct StripeInvoiceState: Sendable, Hashable {
    /// `in_…`.
    public var id: String
    public var customerId: String?
    /// `sub_…` (top-level `subscription`, or `parent.subscription_details.subscription` in later API versions).
    public var subscriptionId: String?
    /// Stripe's status: `draft`, `open`, `paid`, `uncollectible`, `void`.
    public var status: String
    /// `amount_due` in the currency's smallest unit.
    public var amountDue: Int64
    /// ISO 4217, upper case.
    public var currency: String
    public var dueDate: Date?
    /// `status_transitions.paid_at`.
    public var paidAt: Date?
    public var hostedInvoiceURL: String?
    public var number: String?

    public init(id: String, customerId: String?, subscriptionId: String?, status: String, amountDue: Int64, currency: String,
                dueDate: Date?, paidAt: Date?, hostedInvoiceURL: String?, number: String?) {
        self.id = id
        self.customerId = customerId
        self.subscriptionId = subscriptionId
        self.status = status
        self.amountDue = amountDue
        self.currency = currency
        self.dueDate = dueDate
        self.paidAt = paidAt
        self.hostedInvoiceURL = hostedInvoiceURL
        self.number = number
    }

    /// The invoice in a Stripe JSON object.
    public init?(json object: JSONValue) {
        guard object["object"]?.stringValue ?? "invoice" == "invoice",
              let id = object["id"]?.stringValue, !id.isEmpty, let status = object["status"]?.stringValue else { return nil }
        self.init(
            id: id, customerId: object["customer"]?.stripeId,
            subscriptionId: object["subscription"]?.stripeId ?? object["parent"]?["subscription_details"]?["subscription"]?.stripeId,
            status: status, amountDue: Int64(object["amount_due"]?.numberValue ?? object["total"]?.numberValue ?? 0),
            currency: (object["currency"]?.stringValue ?? "usd").uppercased(),
            dueDate: object["due_date"]?.stripeDate, paidAt: object["status_transitions"]?["paid_at"]?.stripeDate,
            hostedInvoiceURL: object["hosted_invoice_url"]?.stringValue, number: object["number"]?.stringValue
        )
    }

    /// The `invoices.status` this is stored as (the seed allows `draft`, `open`, `paid`, `void`): `uncollectible`
    /// (written off, still payable) is stored as `open`.
    public var storedStatus: String {
        switch status {
        case "draft", "open", "paid", "void": status
        default: "open"
        }
    }

    /// `amount_due` in major units for `invoices.amount` (DECIMAL(10,2)): zero-decimal currencies (JPY, KRW, …)
    /// are already whole units.
    public var amount: Decimal {
        Self.zeroDecimalCurrencies.contains(currency) ? Decimal(amountDue) : Decimal(amountDue) / 100
    }

    /// Stripe's zero-decimal currencies.
    static let zeroDecimalCurrencies: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    ]
}
