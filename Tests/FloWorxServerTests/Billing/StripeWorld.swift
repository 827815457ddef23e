import FloWorxCore
import Foundation
import Synchronization

/// A deterministic stand-in for Stripe in the webhook tests: businesses subscribe, pay, fail, recover and cancel;
/// every change is an event carrying the object as it was then, and `current` is Stripe's state afterwards (what the
/// source of truth returns when the processor fetches an object).
final class StripeWorld: Sendable, StripeObjectSource {
    struct Event: Sendable {
        var id: String
        var body: Data
        var created: Int64
    }

    private struct State: Sendable {
        var subscriptions: [String: Data] = [:]
        var invoices: [String: Data] = [:]
        var events: [Event] = []
        var clock: Int64
        var random: UInt64
        var fetches = 0
    }

    private let state: Mutex<State>

    init(start: Int64 = Int64(Date().timeIntervalSince1970) - 86_400, seed: UInt64 = 42) {
        state = Mutex(State(clock: start, random: seed))
    }

    /// Deterministic pseudo-random numbers (SplitMix64).
    func next(_ bound: Int) -> Int {
        state.withLock { state in
            state.random &+= 0x9E37_79B9_7F4A_7C15
            var z = state.random
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    var events: [Event] { state.withLock { $0.events } }
    var fetches: Int { state.withLock { $0.fetches } }
    var subscriptionIds: [String] { state.withLock { Array($0.subscriptions.keys).sorted() } }
    var invoiceIds: [String] { state.withLock { Array($0.invoices.keys).sorted() } }

    /// Records an event about `object` at the clock, which advances by 0 or 1 second (so some events share a second).
    private func emit(_ type: String, _ object: Data) {
        let step = next(2)
        state.withLock { state in
            state.clock += Int64(step)
            let id = "evt_\(state.events.count + 1)"
            var body = Data(#"{"id": "\#(id)", "object": "event", "type": "\#(type)", "created": \#(state.clock), "livemode": false, "api_version": "2024-06-20", "data": {"object": "#.utf8)
            body.append(object)
            body.append(contentsOf: Array("}}\n".utf8))
            state.events.append(Event(id: id, body: body, created: state.clock))
        }
    }

    static func data(_ object: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    var now: Int64 { state.withLock { $0.clock } }

    /// checkout.session.completed for `business`, whose customer is `customer`.
    func checkout(business: UUID, customer: String, subscription: String) {
        emit("checkout.session.completed", Self.data(["id": "cs_\(subscription)", "object": "checkout.session", "mode": "subscription",
                                                      "client_reference_id": business.uuidString.lowercased(), "customer": customer, "subscription": subscription]))
    }

    /// Creates or changes subscription `id` and emits its event.
    func subscription(_ id: String, business: UUID, customer: String, status: String, price: String, periodStart: Int64, type: String) {
        let object = Self.data([
            "id": id, "object": "subscription", "customer": customer, "status": status, "current_period_start": periodStart,
            "current_period_end": periodStart + 30 * 86_400, "metadata": ["business_id": business.uuidString.lowercased()],
            "items": ["object": "list", "data": [["id": "si_\(id)", "price": ["id": price]]]],
        ])
        state.withLock { $0.subscriptions[id] = object }
        emit(type, object)
    }

    /// Creates or changes invoice `id` and emits its event.
    func invoice(_ id: String, subscription: String, customer: String, status: String, amount: Int, paidAt: Int64?, type: String) {
        let object = Self.data([
            "id": id, "object": "invoice", "customer": customer, "subscription": subscription, "status": status, "amount_due": amount,
            "currency": "usd", "hosted_invoice_url": "https://invoice.stripe.test/\(id)", "number": "FW-\(id)",
            "status_transitions": ["paid_at": paidAt.map { $0 as Any } ?? NSNull()],
        ])
        state.withLock { $0.invoices[id] = object }
        emit(type, object)
    }

    func currentSubscription(_ id: String) -> StripeSubscriptionState? {
        state.withLock { $0.subscriptions[id] }.flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }.flatMap(StripeSubscriptionState.init(json:))
    }

    func currentInvoice(_ id: String) -> StripeInvoiceState? {
        state.withLock { $0.invoices[id] }.flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }.flatMap(StripeInvoiceState.init(json:))
    }

    struct NotFound: Error {}

    func subscription(id: String) async throws -> StripeSubscriptionState {
        state.withLock { $0.fetches += 1 }
        guard let current = currentSubscription(id) else { throw NotFound() }
        return current
    }

    func invoice(id: String) async throws -> StripeInvoiceState {
        state.withLock { $0.fetches += 1 }
        guard let current = currentInvoice(id) else { throw NotFound() }
        return current
    }

    /// A business's life at Stripe: checkout, subscription created, monthly invoices paid or failed then recovered,
    /// a plan change, and for some a cancellation.
    func life(business: UUID, index: Int, months: Int) {
        let customer = "cus_\(index)"
        let sub = "sub_\(index)"
        var period = now
        checkout(business: business, customer: customer, subscription: sub)
        subscription(sub, business: business, customer: customer, status: "incomplete", price: "price_floworx_starter", periodStart: period, type: "customer.subscription.created")
        var price = "price_floworx_starter"
        for month in 0..<months {
            let invoice = "in_\(index)_\(month)"
            let amount = price == "price_floworx_pro" ? 14900 : 4900
            self.invoice(invoice, subscription: sub, customer: customer, status: "open", amount: amount, paidAt: nil, type: "invoice.finalized")
            if next(4) == 0 {
                self.invoice(invoice, subscription: sub, customer: customer, status: "open", amount: amount, paidAt: nil, type: "invoice.payment_failed")
                subscription(sub, business: business, customer: customer, status: "past_due", price: price, periodStart: period, type: "customer.subscription.updated")
            }
            self.invoice(invoice, subscription: sub, customer: customer, status: "paid", amount: amount, paidAt: now, type: "invoice.paid")
            if month == 1, next(2) == 0 { price = "price_floworx_pro" }
            period += 30 * 86_400
            subscription(sub, business: business, customer: customer, status: "active", price: price, periodStart: period, type: "customer.subscription.updated")
        }
        if next(3) == 0 {
            subscription(sub, business: business, customer: customer, status: "canceled", price: price, periodStart: period, type: "customer.subscription.deleted")
        }
    }
}
