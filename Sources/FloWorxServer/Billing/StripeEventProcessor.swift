import FloWorxCore
import FloWorxStore
import Foundation

/// Applies verified Stripe events to `public.subscriptions` and `public.invoices`, each exactly once.
///
/// Every event runs in one transaction that first inserts its id into `floworx.stripe_events` (a redelivery finds
/// it and does nothing) and then takes the object's lock. Ordering: an event is applied from its own payload only
/// when its `created` is later than that of the last event applied to the object; otherwise (older, or the same
/// second, which cannot be ordered) the object's current state is fetched from Stripe and applied, so the local rows
/// always end in Stripe's state whatever the delivery order.
struct StripeEventProcessor: Sendable {
    let database: ServiceDatabase
    let plans: PlanCatalog
    let source: (any StripeObjectSource)?
    /// Said in the payment-failure notice (the pipeline's grace period).
    var gracePeriod: Duration = .seconds(7 * 86_400)

    /// What processing an event did.
    enum Outcome: String, Sendable {
        case applied, refetched, ignored, duplicate
    }

    /// A failure Stripe should retry (non-2xx): nothing was written.
    struct Unresolved: Error {
        var code: String
        var message: String
    }

    func process(_ event: StripeEvent) async throws -> Outcome {
        let objectId = event.object["id"]?.stringValue
        return try await database.transaction { connection in
            let writer = BillingWriter(connection: connection)
            guard try await writer.recordEvent(event, objectId: objectId) else { return .duplicate }
            let outcome: Outcome
            switch event.type {
            case "checkout.session.completed":
                outcome = try await checkoutCompleted(event, writer)
            case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted":
                guard let state = StripeSubscriptionState(json: event.object) else { throw Unresolved(code: "invalid_stripe_event", message: "the event's object is not a subscription") }
                outcome = try await applySubscription(state, event: event, writer)
            case "invoice.paid", "invoice.payment_failed", "invoice.finalized":
                guard let state = StripeInvoiceState(json: event.object) else { throw Unresolved(code: "invalid_stripe_event", message: "the event's object is not an invoice") }
                outcome = try await applyInvoice(state, event: event, writer)
            default:
                outcome = .ignored
            }
            if outcome != .ignored { try await writer.setOutcome(event.id, outcome.rawValue) }
            return outcome
        }
    }

    /// Links the business (`client_reference_id`) to the customer, and mirrors the subscription it started when the
    /// source can fetch it (its own events may have arrived before the business was known).
    private func checkoutCompleted(_ event: StripeEvent, _ writer: BillingWriter) async throws -> Outcome {
        guard let business = event.object["client_reference_id"]?.stringValue.flatMap(UUID.init(uuidString:)),
              let customer = event.object["customer"]?.stripeIdentifier
        else { return .ignored }
        guard try await writer.businessExists(business) else { return .ignored }
        try await writer.linkCustomer(clientId: business, customerId: customer)
        if let subscription = event.object["subscription"]?.stripeIdentifier, let source {
            try await writer.lock(subscription)
            if try await writer.object(subscription) == nil {
                var state = try await fetch { try await source.subscription(id: subscription) }
                if state.businessId == nil { state.businessId = business }
                try await write(state, existing: nil, created: 0, eventId: nil, writer)
            }
        }
        return .applied
    }

    private func applySubscription(_ payload: StripeSubscriptionState, event: StripeEvent, _ writer: BillingWriter) async throws -> Outcome {
        try await writer.lock(payload.id)
        let existing = try await writer.object(payload.id)
        var state = payload
        var outcome = Outcome.applied
        if let existing, event.created <= existing.lastEventCreated {
            guard let source else { return .ignored }  // older than what is stored: the stored state stands
            state = try await fetch { try await source.subscription(id: payload.id) }
            outcome = .refetched
        }
        try await write(state, existing: existing, created: event.created, eventId: event.id, writer)
        return outcome
    }

    /// Writes a subscription's state, resolving its business from the metadata, the existing row or the customer.
    private func write(_ state: StripeSubscriptionState, existing: StripeObjectRecord?, created: Int64, eventId: String?, _ writer: BillingWriter) async throws {
        var business = existing?.clientId ?? state.businessId
        if business == nil, let customer = state.customerId { business = try await writer.clientId(customerId: customer) }
        guard let business, try await writer.businessExists(business) else {
            throw Unresolved(code: "stripe_customer_unknown", message: "subscription \(state.id) belongs to no known business yet")
        }
        // An unknown price is kept as its price id, so no state is lost; it grants the free plan's limits.
        let plan = state.priceId.map { plans.plan(stripePriceId: $0)?.id ?? $0 } ?? plans.freePlanId
        if let customer = state.customerId { try await writer.linkCustomer(clientId: business, customerId: customer) }
        try await writer.writeSubscription(state, clientId: business, planId: plan, eventCreated: created, eventId: eventId,
                                           since: created > 0 ? Date(timeIntervalSince1970: Double(created)) : Date())
    }

    private func applyInvoice(_ payload: StripeInvoiceState, event: StripeEvent, _ writer: BillingWriter) async throws -> Outcome {
        try await writer.lock(payload.id)
        let existing = try await writer.object(payload.id)
        var state = payload
        var outcome = Outcome.applied
        if let existing, event.created <= existing.lastEventCreated {
            guard let source else { return .ignored }
            state = try await fetch { try await source.invoice(id: payload.id) }
            outcome = .refetched
        }
        // invoices.subscription_id is NOT NULL: a one-off invoice outside a subscription is not mirrored.
        guard let subscriptionId = state.subscriptionId else { return .ignored }
        try await writer.lock(subscriptionId)
        var subscription = try await writer.object(subscriptionId)
        if subscription == nil {
            guard let source else {
                throw Unresolved(code: "stripe_subscription_unknown", message: "invoice \(state.id) names subscription \(subscriptionId), not seen yet")
            }
            let fetched = try await fetch { try await source.subscription(id: subscriptionId) }
            try await write(fetched, existing: nil, created: 0, eventId: nil, writer)
            subscription = try await writer.object(subscriptionId)
        }
        guard let subscription else { throw Unresolved(code: "stripe_subscription_unknown", message: "subscription \(subscriptionId) could not be stored") }
        try await writer.writeInvoice(state, clientId: subscription.clientId, subscriptionLocalId: subscription.localId, eventCreated: event.created, eventId: event.id)
        // The owner is told of a failed payment once per invoice, in this transaction; not when the invoice is paid by
        // now (a failure delivered after the payment).
        if event.type == "invoice.payment_failed", state.storedStatus != "paid" {
            try await notifyPaymentFailed(state, clientId: subscription.clientId, writer)
        }
        return outcome
    }

    private func notifyPaymentFailed(_ invoice: StripeInvoiceState, clientId: UUID, _ writer: BillingWriter) async throws {
        guard let business = try await writer.business(clientId) else { return }
        let recipients = DigestRecipients.resolve(managers: business.managers, contactEmail: business.contactEmail, accountEmail: business.accountEmail)
        let content = BillingNotice.paymentFailed(
            business: business.name, amount: "\(invoice.amount)", currency: invoice.currency, hostedInvoiceURL: invoice.hostedInvoiceURL,
            gracePeriodDays: Int(gracePeriod.components.seconds / 86_400))
        var json: [String: JSONValue] = [
            "kind": .string("summary"), "subject": .string(content.subject), "text": .string(content.text),
            "billing": .string("payment_failed"), "invoice": .string(invoice.id),
        ]
        if let url = invoice.hostedInvoiceURL { json["link"] = .string(url) }
        let contentJSON = String(decoding: try JSONCoding.encoder().encode(json), as: UTF8.self)
        try await writer.notify(clientId: clientId, key: "billing:payment_failed:\(invoice.id)",
                                recipients: recipients.map { .init(email: $0.email, name: $0.name) }, contentJSON: contentJSON)
    }

    /// Runs a fetch from Stripe; its failure is one Stripe should retry.
    private func fetch<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw Unresolved(code: "stripe_fetch_failed", message: "the current object could not be fetched from Stripe: \(error)")
        }
    }
}

extension JSONValue {
    /// A Stripe id given as a string or as an expanded object.
    var stripeIdentifier: String? {
        if let text = stringValue { return text.isEmpty ? nil : text }
        return self["id"]?.stringValue
    }
}
