/// The one message an owner gets per billing period and reason when paid work stops.
public enum BillingNotice {
    /// The subject and text of the notice for `block` on `plan`.
    public static func content(_ block: BillingEntitlement.Block, plan: Plan, business: String) -> (subject: String, text: String) {
        let name = business.isEmpty ? "your business" : business
        let why: String = switch block {
        case .emailLimit: "has processed more emails this billing period than the \(plan.name) plan includes"
        case .draftLimit: "has used all reply drafts the \(plan.name) plan includes this billing period"
        case .llmTokenLimit: "has used all AI tokens the \(plan.name) plan includes this billing period"
        case .pastDueGraceOver: "has a payment that is past due beyond the grace period"
        case .unpaid: "has an unpaid subscription"
        case .canceled: "has a canceled subscription; its mailbox integrations are paused (your data is kept)"
        }
        let subject = "[FloWorx] Reply drafts paused for \(name)"
        let text = """
            FloWorx \(why) for \(name).

            Incoming mail is still sorted and urgent emails are still escalated, but reply drafts and AI features are \
            paused until the next billing period or until the plan or payment is updated in FloWorx's billing page.

            — FloWorx (automatic notice; replies to this message are not read)
            """
        return (subject, text)
    }

    /// The subject and text of the notice sent when a subscription's payment failed (`invoice.payment_failed`).
    public static func paymentFailed(business: String, amount: String, currency: String, hostedInvoiceURL: String?, gracePeriodDays: Int) -> (subject: String, text: String) {
        let name = business.isEmpty ? "your business" : business
        let link = hostedInvoiceURL.map { "\n\nPay the invoice here: \($0)" } ?? ""
        let subject = "[FloWorx] Payment failed for \(name)"
        let text = """
            The payment of \(amount) \(currency) for FloWorx (\(name)) failed. Stripe will retry it; you can also update \
            the payment method in FloWorx's billing page.\(link)

            Everything keeps working for \(gracePeriodDays) days; after that, reply drafts and AI features pause until the \
            invoice is paid. Sorting and urgent-email alerts never stop.

            — FloWorx (automatic notice; replies to this message are not read)
            """
        return (subject, text)
    }
}
