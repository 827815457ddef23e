import Foundation
import Synchronization

/// What happens to subscriptions and invoices: the API's update, cancel and pay, and the payment side that Stripe
/// runs by itself (completing a Checkout, renewing, failing a charge), each emitting Stripe's events.
extension LocalStripeServer {
    /// What `completeCheckout` created.
    public struct CompletedCheckout: Sendable, Hashable {
        public var session: LocalStripeCheckoutSession
        public var customer: LocalStripeCustomer
        public var subscription: LocalStripeSubscription
        public var invoice: LocalStripeInvoice
    }

    /// Pays an open Checkout Session as the customer would: creates the customer (unless the session names one), the
    /// active subscription for one period from now, its first invoice (paid), and emits `customer.created`,
    /// `customer.subscription.created`, `invoice.created`, `invoice.finalized`, `invoice.paid`,
    /// `invoice.payment_succeeded` and `checkout.session.completed`, in that order.
    public func completeCheckout(sessionId: String) throws(LocalProviderError) -> CompletedCheckout {
        let base = baseURL ?? "http://127.0.0.1"
        let result = state.withLock { state -> Result<CompletedCheckout, LocalProviderError> in
            guard var session = state.sessions[sessionId] else { return .failure(.notFound("checkout session \(sessionId)")) }
            guard session.status == "open" else { return .failure(.invalidArgument("checkout session \(sessionId) is \(session.status)")) }
            guard let price = price(session.priceId) else { return .failure(.invalidArgument("unknown price \(session.priceId)")) }
            let customer: LocalStripeCustomer
            if let id = session.customer, let existing = state.customers[id] {
                customer = existing
            } else {
                customer = insertCustomer(&state, email: session.customerEmail ?? "owner@example.com", name: nil, metadata: [:])
            }
            let now = configuration.now()
            var subscription = LocalStripeSubscription(
                id: Self.newId("sub_"), itemId: Self.newId("si_"), customer: customer.id, status: "active", priceId: session.priceId,
                price: price, quantity: session.quantity, currentPeriodStart: now, currentPeriodEnd: Self.add(price.interval, to: now),
                cancelAtPeriodEnd: false, canceledAt: nil, endedAt: nil, latestInvoice: nil, metadata: session.subscriptionMetadata, created: now)
            var invoice = newInvoice(&state, subscription: subscription, customer: customer, reason: "subscription_create",
                                     window: (now, now), base: base)
            subscription.latestInvoice = invoice.id
            state.subscriptions[subscription.id] = subscription
            state.subscriptionOrder.append(subscription.id)
            emit(&state, type: "customer.subscription.created", objectId: subscription.id, object: subscription.json)
            emitInvoiceCreatedAndFinalized(&state, &invoice, at: now)
            invoice.status = "paid"
            invoice.paidAt = now
            invoice.attemptCount = 1
            state.invoices[invoice.id] = invoice
            emit(&state, type: "invoice.paid", objectId: invoice.id, object: invoice.json)
            emit(&state, type: "invoice.payment_succeeded", objectId: invoice.id, object: invoice.json)
            session.status = "complete"
            session.customer = customer.id
            session.customerEmail = session.customerEmail ?? customer.email
            session.subscription = subscription.id
            session.invoice = invoice.id
            state.sessions[sessionId] = session
            emit(&state, type: "checkout.session.completed", objectId: sessionId, object: session.json)
            return .success(CompletedCheckout(session: session, customer: customer, subscription: subscription, invoice: invoice))
        }
        return try result.get()
    }

    /// Starts the next period of `subscriptionId` (active or past due) with a `subscription_cycle` invoice, paid or
    /// failed: `customer.subscription.updated`, `invoice.created`, `invoice.finalized`, then `invoice.paid` and
    /// `invoice.payment_succeeded`, or `invoice.payment_failed` and the subscription `past_due`
    /// (`customer.subscription.updated`). Returns the invoice.
    public func renew(subscriptionId: String, paymentSucceeds: Bool) throws(LocalProviderError) -> LocalStripeInvoice {
        let base = baseURL ?? "http://127.0.0.1"
        let result = state.withLock { state -> Result<LocalStripeInvoice, LocalProviderError> in
            guard var subscription = state.subscriptions[subscriptionId] else { return .failure(.notFound("subscription \(subscriptionId)")) }
            guard subscription.status == "active" || subscription.status == "past_due" else {
                return .failure(.invalidArgument("subscription \(subscriptionId) is \(subscription.status)"))
            }
            guard let customer = state.customers[subscription.customer] else { return .failure(.notFound("customer \(subscription.customer)")) }
            let previous = (subscription.currentPeriodStart, subscription.currentPeriodEnd)
            subscription.currentPeriodStart = previous.1
            subscription.currentPeriodEnd = Self.add(subscription.price.interval, to: previous.1)
            var invoice = newInvoice(&state, subscription: subscription, customer: customer, reason: "subscription_cycle", window: previous, base: base)
            subscription.latestInvoice = invoice.id
            state.subscriptions[subscriptionId] = subscription
            emit(&state, type: "customer.subscription.updated", objectId: subscriptionId, object: subscription.json,
                 previous: ["current_period_start": previous.0, "current_period_end": previous.1])
            emitInvoiceCreatedAndFinalized(&state, &invoice, at: configuration.now())
            if paymentSucceeds {
                invoice = settle(&state, invoice, paid: true)
            } else {
                invoice = settle(&state, invoice, paid: false)
            }
            return .success(invoice)
        }
        return try result.get()
    }

    /// A failed charge of the open invoice `invoiceId`: one more attempt, `invoice.payment_failed`, and an active
    /// subscription becomes `past_due` (`customer.subscription.updated`).
    public func failPayment(invoiceId: String) throws(LocalProviderError) -> LocalStripeInvoice {
        let result = state.withLock { state -> Result<LocalStripeInvoice, LocalProviderError> in
            guard let invoice = state.invoices[invoiceId] else { return .failure(.notFound("invoice \(invoiceId)")) }
            guard invoice.status == "open" else { return .failure(.invalidArgument("invoice \(invoiceId) is \(invoice.status)")) }
            return .success(settle(&state, invoice, paid: false))
        }
        return try result.get()
    }

    /// Sets a subscription's status as Stripe's own machinery would (`unpaid`, `paused`, `active`...), emitting
    /// `customer.subscription.updated`.
    public func setSubscriptionStatus(_ subscriptionId: String, to status: String) throws(LocalProviderError) -> LocalStripeSubscription {
        let statuses: Set<String> = ["incomplete", "incomplete_expired", "trialing", "active", "past_due", "canceled", "unpaid", "paused"]
        guard statuses.contains(status) else { throw .invalidArgument("unknown subscription status \(status)") }
        let result = state.withLock { state -> Result<LocalStripeSubscription, LocalProviderError> in
            guard var subscription = state.subscriptions[subscriptionId] else { return .failure(.notFound("subscription \(subscriptionId)")) }
            let old = subscription.status
            subscription.status = status
            if status == "canceled" {
                subscription.canceledAt = configuration.now()
                subscription.endedAt = subscription.canceledAt
            }
            state.subscriptions[subscriptionId] = subscription
            emit(&state, type: status == "canceled" ? "customer.subscription.deleted" : "customer.subscription.updated", objectId: subscriptionId,
                 object: subscription.json, previous: ["status": old])
            return .success(subscription)
        }
        return try result.get()
    }

    // MARK: API

    func updateSubscription(_ id: String, _ form: LocalStripeForm, _ context: LocalStripeRequestContext) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        if let unknown = form.unknown(allowed: ["cancel_at_period_end", "metadata", "proration_behavior", "description"]) { return .failure(.unknown(unknown)) }
        var cancelAtEnd: Bool?
        if let text = form.value("cancel_at_period_end") {
            guard text == "true" || text == "false" else {
                return .failure(LocalStripeAPIError(status: 400, code: "parameter_invalid_boolean", param: "cancel_at_period_end",
                                                    message: "Invalid boolean: \(text)"))
            }
            cancelAtEnd = text == "true"
        }
        return state.withLock { state -> Result<LocalHTTPResponse, LocalStripeAPIError> in
            guard var subscription = state.subscriptions[id] else { return .failure(.noSuch("subscription", id)) }
            guard subscription.status != "canceled" || cancelAtEnd == nil else {
                return .failure(LocalStripeAPIError(status: 400, message: "A canceled subscription can only update its cancellation_details and metadata."))
            }
            var previous: [String: Any] = [:]
            if let cancelAtEnd, cancelAtEnd != subscription.cancelAtPeriodEnd {
                previous["cancel_at_period_end"] = subscription.cancelAtPeriodEnd
                subscription.cancelAtPeriodEnd = cancelAtEnd
            }
            let metadata = form.dictionary("metadata")
            if !metadata.isEmpty {
                previous["metadata"] = subscription.metadata
                for (key, value) in metadata { subscription.metadata[key] = value.isEmpty ? nil : value }
            }
            state.subscriptions[id] = subscription
            if !previous.isEmpty {
                emit(&state, type: "customer.subscription.updated", objectId: id, object: subscription.json, previous: previous, context: context)
            }
            return .success(Self.ok(subscription.json))
        }
    }

    func cancelSubscription(_ id: String, _ form: LocalStripeForm, _ context: LocalStripeRequestContext) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        if let unknown = form.unknown(allowed: ["invoice_now", "prorate", "cancellation_details"]) { return .failure(.unknown(unknown)) }
        return state.withLock { state -> Result<LocalHTTPResponse, LocalStripeAPIError> in
            guard var subscription = state.subscriptions[id] else { return .failure(.noSuch("subscription", id)) }
            guard subscription.status != "canceled" else {
                return .failure(LocalStripeAPIError(status: 400, code: "resource_missing", param: "id",
                                                    message: "No such subscription: '\(id)'; it has been canceled."))
            }
            let old = subscription.status
            let now = configuration.now()
            subscription.status = "canceled"
            subscription.canceledAt = now
            subscription.endedAt = now
            state.subscriptions[id] = subscription
            emit(&state, type: "customer.subscription.deleted", objectId: id, object: subscription.json, previous: ["status": old], context: context)
            return .success(Self.ok(subscription.json))
        }
    }

    func payInvoice(_ id: String, _ form: LocalStripeForm, _ context: LocalStripeRequestContext) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        if let unknown = form.unknown(allowed: ["payment_method", "paid_out_of_band", "off_session", "forgive"]) { return .failure(.unknown(unknown)) }
        return state.withLock { state -> Result<LocalHTTPResponse, LocalStripeAPIError> in
            guard let invoice = state.invoices[id] else { return .failure(.noSuch("invoice", id)) }
            guard invoice.status == "open" else {
                return .failure(LocalStripeAPIError(status: 400, code: "invoice_not_open", param: "id",
                                                    message: "Invoice is already \(invoice.status); only open invoices can be paid."))
            }
            return .success(Self.ok(settle(&state, invoice, paid: true, context: context).json))
        }
    }

    // MARK: Shared steps

    /// A draft invoice for the subscription's current period (numbered per customer).
    func newInvoice(_ state: inout LocalStripeState, subscription: LocalStripeSubscription, customer: LocalStripeCustomer, reason: String,
                    window: (Int, Int), base: String) -> LocalStripeInvoice {
        let sequence = (state.invoiceSequence[customer.id] ?? 0) + 1
        state.invoiceSequence[customer.id] = sequence
        let invoice = LocalStripeInvoice(
            id: Self.newId("in_"), number: "\(customer.invoicePrefix)-\(String(format: "%04d", sequence))", customer: customer.id,
            customerEmail: customer.email, subscription: subscription.id, subscriptionMetadata: subscription.metadata, status: "draft",
            amount: subscription.price.unitAmount * subscription.quantity, currency: subscription.price.currency, priceId: subscription.priceId,
            price: subscription.price, quantity: subscription.quantity, billingReason: reason, linePeriodStart: subscription.currentPeriodStart,
            linePeriodEnd: subscription.currentPeriodEnd, periodStart: window.0, periodEnd: window.1, attemptCount: 0, created: configuration.now(),
            finalizedAt: nil, paidAt: nil, baseURL: base)
        state.invoices[invoice.id] = invoice
        state.invoiceOrder.append(invoice.id)
        return invoice
    }

    /// `invoice.created` (draft) then `invoice.finalized` (open).
    func emitInvoiceCreatedAndFinalized(_ state: inout LocalStripeState, _ invoice: inout LocalStripeInvoice, at now: Int) {
        emit(&state, type: "invoice.created", objectId: invoice.id, object: invoice.json)
        invoice.status = "open"
        invoice.finalizedAt = now
        state.invoices[invoice.id] = invoice
        emit(&state, type: "invoice.finalized", objectId: invoice.id, object: invoice.json)
    }

    /// One payment attempt of an open invoice, with its events and the subscription's status change.
    func settle(_ state: inout LocalStripeState, _ invoice: LocalStripeInvoice, paid: Bool, context: LocalStripeRequestContext? = nil) -> LocalStripeInvoice {
        var invoice = invoice
        let now = configuration.now()
        invoice.attemptCount += 1
        if paid {
            invoice.status = "paid"
            invoice.paidAt = now
        }
        state.invoices[invoice.id] = invoice
        if paid {
            emit(&state, type: "invoice.paid", objectId: invoice.id, object: invoice.json, context: context)
            emit(&state, type: "invoice.payment_succeeded", objectId: invoice.id, object: invoice.json, context: context)
        } else {
            emit(&state, type: "invoice.payment_failed", objectId: invoice.id, object: invoice.json, context: context)
        }
        if var subscription = state.subscriptions[invoice.subscription], subscription.latestInvoice == invoice.id {
            let target = paid ? "active" : "past_due"
            let old = subscription.status
            if old != target && (old == "active" || old == "past_due" || old == "unpaid") {
                subscription.status = target
                state.subscriptions[subscription.id] = subscription
                emit(&state, type: "customer.subscription.updated", objectId: subscription.id, object: subscription.json,
                     previous: ["status": old], context: context)
            }
        }
        return invoice
    }

    /// Records an event with the object as it is now and queues its delivery.
    func emit(_ state: inout LocalStripeState, type: String, objectId: String, object: [String: Any], previous: [String: Any]? = nil,
              context: LocalStripeRequestContext? = nil) {
        let id = Self.newId("evt_")
        let created = configuration.now()
        var data: [String: Any] = ["object": object]
        if let previous { data["previous_attributes"] = previous }
        let request: Any = context.map { ["id": $0.requestId ?? NSNull(), "idempotency_key": $0.idempotencyKey ?? NSNull()] as [String: Any] }
            ?? ["id": NSNull(), "idempotency_key": NSNull()] as [String: Any]
        let body = Self.json(["id": id, "object": "event", "api_version": Self.apiVersion, "created": created, "data": data,
                              "livemode": false, "pending_webhooks": 1, "request": request, "type": type])
        let event = LocalStripeEvent(id: id, type: type, created: created, objectId: objectId, body: body)
        state.events.append(event)
        webhooks.enqueue(event)
    }

    /// `time` plus one `interval` in UTC calendar terms (a month from Jan 31 is Feb 28/29, as Stripe bills).
    static func add(_ interval: String, to time: Int) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let component: Calendar.Component = switch interval {
        case "day": .day
        case "week": .weekOfYear
        case "year": .year
        default: .month
        }
        let date = calendar.date(byAdding: component, value: 1, to: Date(timeIntervalSince1970: TimeInterval(time)))!
        return Int(date.timeIntervalSince1970)
    }
}
