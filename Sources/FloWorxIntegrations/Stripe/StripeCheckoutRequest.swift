/// What `StripeClient.createCheckoutSession` asks Stripe for: a subscription checkout of one price for one business.
public struct StripeCheckoutRequest: Sendable, Hashable {
    /// The existing customer to reuse (`customer`); `nil` lets Checkout create one from `customerEmail`.
    public var customer: String?
    public var customerEmail: String?
    /// The business id (`client_reference_id`, also `metadata[business_id]` on the session and the subscription).
    public var businessId: String
    /// The plan's Stripe price id (`line_items[0][price]`).
    public var priceId: String
    public var quantity: Int
    public var successURL: String
    public var cancelURL: String
    /// Extra metadata on the session and the subscription (the plan id, say).
    public var metadata: [String: String]

    public init(customer: String?, customerEmail: String? = nil, businessId: String, priceId: String, quantity: Int = 1,
                successURL: String, cancelURL: String, metadata: [String: String] = [:]) {
        self.customer = customer
        self.customerEmail = customerEmail
        self.businessId = businessId
        self.priceId = priceId
        self.quantity = quantity
        self.successURL = successURL
        self.cancelURL = cancelURL
        self.metadata = metadata
    }

    /// The form fields, exactly as Stripe names them.
    var form: StripeForm {
        var form = StripeForm()
        form.append("mode", "subscription")
        if let customer { form.append("customer", customer) } else if let customerEmail { form.append("customer_email", customerEmail) }
        form.append("client_reference_id", businessId)
        form.append("success_url", successURL)
        form.append("cancel_url", cancelURL)
        form.append("line_items[0][price]", priceId)
        form.append("line_items[0][quantity]", String(quantity))
        var all = metadata
        all[StripeCustomer.businessMetadataKey] = businessId
        form.appendMetadata(all, prefix: "metadata")
        // On the subscription too, so its webhooks name the business without a lookup.
        form.appendMetadata(all, prefix: "subscription_data[metadata]")
        return form
    }
}
