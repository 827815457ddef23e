import Foundation
import Synchronization

/// The control surface: what tests, the vendor check and the demo drive and read back. In process, and over HTTP
/// under `/_local/stripe/` (no auth; loopback only):
/// `POST /_local/stripe/checkout/sessions/{id}/complete`, `POST /_local/stripe/subscriptions/{id}/renew`
/// (`{"payment": "succeeds" | "fails"}`), `POST /_local/stripe/subscriptions/{id}/status` (`{"status": "unpaid"}`),
/// `POST /_local/stripe/invoices/{id}/fail`, `POST /_local/stripe/webhooks/endpoint` (`{"url", "secret"}`),
/// `POST /_local/stripe/webhooks/hold`, `POST /_local/stripe/webhooks/release` (`{"order": "as_created" | "reversed" |
/// "shuffled", "seed", "duplicate_every"}`), `POST /_local/stripe/webhooks/forge` (`{"count", "fault"}`),
/// `POST /_local/stripe/events/{id}/redeliver` (`{"fault"}`), `POST /_local/stripe/webhooks/drain`,
/// `GET /_local/stripe/deliveries`, `GET /_local/stripe/requests`.
extension LocalStripeServer {
    /// Where events go from now on (and, when given, the new signing secret).
    public func setWebhookEndpoint(url: String?, secret: String? = nil) { webhooks.setEndpoint(url: url, secret: secret) }

    /// The endpoint's current signing secret.
    public var webhookSecret: String { webhooks.secret }

    /// Later events are held until `releaseWebhooks`.
    public func holdWebhooks() { webhooks.hold() }

    /// Delivers the held events in `order`, then every `duplicateEvery`-th of them a second time (0: none).
    public func releaseWebhooks(order: LocalStripeDeliveryOrder = .asCreated, duplicateEvery: Int = 0) {
        webhooks.release(order: order, duplicateEvery: duplicateEvery)
    }

    /// The next `count` events are each first delivered with a broken signature, then genuinely.
    public func forgeNextDeliveries(_ count: Int, fault: LocalStripeSignatureFault = .wrongSecret) { webhooks.forgeNext(count, fault: fault) }

    /// Delivers event `eventId` once more, genuinely or with `fault`.
    public func redeliver(eventId: String, fault: LocalStripeSignatureFault? = nil) throws(LocalProviderError) {
        guard let event = event(id: eventId) else { throw .notFound("event \(eventId)") }
        webhooks.redeliver(event, fault: fault)
    }

    /// Waits until every delivery queued so far has been answered (or failed).
    public func drainWebhooks() async { await webhooks.drain() }

    /// Every delivery made so far, in the order they finished.
    public func deliveries() -> [LocalStripeDelivery] { webhooks.log }

    /// Every event, oldest first (optionally of one type).
    public func events(type: String? = nil) -> [LocalStripeEvent] {
        state.withLock { $0.events }.filter { type == nil || $0.type == type }
    }

    public func event(id: String) -> LocalStripeEvent? { state.withLock { $0.events.first { $0.id == id } } }
    public func customer(id: String) -> LocalStripeCustomer? { state.withLock { $0.customers[id] } }
    public func customers() -> [LocalStripeCustomer] { state.withLock { state in state.customerOrder.compactMap { state.customers[$0] } } }
    public func checkoutSession(id: String) -> LocalStripeCheckoutSession? { state.withLock { $0.sessions[id] } }
    public func checkoutSessions() -> [LocalStripeCheckoutSession] { state.withLock { Array($0.sessions.values) }.sorted { $0.created < $1.created } }
    public func portalSessions() -> [LocalStripePortalSession] { state.withLock { Array($0.portalSessions.values) } }
    public func subscription(id: String) -> LocalStripeSubscription? { state.withLock { $0.subscriptions[id] } }
    public func invoice(id: String) -> LocalStripeInvoice? { state.withLock { $0.invoices[id] } }

    /// The invoices, oldest first (optionally of one subscription).
    public func invoices(subscription: String? = nil) -> [LocalStripeInvoice] {
        state.withLock { state in state.invoiceOrder.compactMap { state.invoices[$0] } }.filter { subscription == nil || $0.subscription == subscription }
    }

    /// Every API request received, oldest first.
    public func requests() -> [LocalStripeRequestRecord] { state.withLock { $0.requests } }

    func control(_ request: LocalHTTPRequest) async -> LocalHTTPResponse {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).dropFirst(2).map(String.init)
        let body = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] ?? [:]
        do {
            switch (request.method, parts) {
            case ("POST", let path) where path.count == 4 && path[0] == "checkout" && path[3] == "complete":
                let done = try completeCheckout(sessionId: path[2])
                return Self.ok(["session": done.session.json, "subscription": done.subscription.json, "invoice": done.invoice.json,
                                "customer": done.customer.json])
            case ("POST", let path) where path.count == 3 && path[0] == "subscriptions" && path[2] == "renew":
                let invoice = try renew(subscriptionId: path[1], paymentSucceeds: (body["payment"] as? String ?? "succeeds") != "fails")
                return Self.ok(invoice.json)
            case ("POST", let path) where path.count == 3 && path[0] == "subscriptions" && path[2] == "status":
                guard let status = body["status"] as? String else { throw LocalProviderError.invalidArgument("expected {\"status\": ...}") }
                return Self.ok(try setSubscriptionStatus(path[1], to: status).json)
            case ("POST", let path) where path.count == 3 && path[0] == "invoices" && path[2] == "fail":
                return Self.ok(try failPayment(invoiceId: path[1]).json)
            case ("POST", ["webhooks", "endpoint"]):
                setWebhookEndpoint(url: body["url"] as? String, secret: body["secret"] as? String)
                return .empty(204)
            case ("POST", ["webhooks", "hold"]):
                holdWebhooks()
                return .empty(204)
            case ("POST", ["webhooks", "release"]):
                let order: LocalStripeDeliveryOrder = switch body["order"] as? String {
                case "reversed": .reversed
                case "shuffled": .shuffled(seed: UInt64(body["seed"] as? Int ?? 1))
                default: .asCreated
                }
                releaseWebhooks(order: order, duplicateEvery: body["duplicate_every"] as? Int ?? 0)
                return .empty(204)
            case ("POST", ["webhooks", "forge"]):
                let fault = LocalStripeSignatureFault(rawValue: body["fault"] as? String ?? "wrong_secret")
                guard let fault else { throw LocalProviderError.invalidArgument("fault must be one of \(LocalStripeSignatureFault.allCases.map(\.rawValue))") }
                forgeNextDeliveries(body["count"] as? Int ?? 1, fault: fault)
                return .empty(204)
            case ("POST", let path) where path.count == 3 && path[0] == "events" && path[2] == "redeliver":
                var fault: LocalStripeSignatureFault?
                if let name = body["fault"] as? String {
                    guard let parsed = LocalStripeSignatureFault(rawValue: name) else { throw LocalProviderError.invalidArgument("unknown fault \(name)") }
                    fault = parsed
                }
                try redeliver(eventId: path[1], fault: fault)
                return .empty(204)
            case ("POST", ["webhooks", "drain"]):
                await drainWebhooks()
                return .empty(204)
            case ("GET", ["deliveries"]):
                return Self.ok(["deliveries": deliveries().map {
                    ["event": $0.eventId, "type": $0.eventType, "signature": $0.signature, "valid_signature": $0.validSignature,
                     "status": $0.responseStatus ?? NSNull() as Any]
                }])
            case ("GET", ["requests"]):
                return Self.ok(["requests": requests().map {
                    ["method": $0.method, "path": $0.path, "parameters": $0.parameters, "idempotency_key": $0.idempotencyKey ?? NSNull(),
                     "stripe_version": $0.stripeVersion ?? NSNull()] as [String: Any]
                }])
            default:
                return Self.error(LocalStripeAPIError(status: 404, message: "Unrecognized local control URL (\(request.method): \(request.path))."))
            }
        } catch let error as LocalProviderError {
            let status: Int = if case .notFound = error { 404 } else { 400 }
            return Self.error(LocalStripeAPIError(status: status, message: error.description))
        } catch {
            return Self.error(LocalStripeAPIError(status: 400, message: "\(error)"))
        }
    }
}
