import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// `POST /api/v1/billing/checkout {"plan"}` → `{"url"}`: a Stripe Checkout Session (mode `subscription`,
/// `client_reference_id` = the business) for the signed-in owner, reusing the business's Stripe customer or
/// creating and linking one. `POST /api/v1/billing/portal` → `{"url"}`: a Billing Portal session for that customer.
/// Stripe's failures answer 502 with a stable code (or 409/503); nothing Stripe returns beyond the URL reaches the
/// caller, and the key never does.
struct BillingCheckoutController: Sendable {
    let customers: BillingCustomerRepository
    let overviews: BillingOverviewRepository
    let authenticator: RequestAuthenticator
    let plans: PlanCatalog
    let configuration: BillingCheckoutConfiguration
    let publicURL: String?

    /// Subscriptions in these states already pay for a plan: a second checkout would bill twice.
    static let payingStatuses: Set<String> = ["active", "past_due", "trialing"]
    /// A checkout body is one short field.
    static let maximumBody = 4 * 1024

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("api/v1/billing/checkout") { request, _ in await APIError.handle(request) { try await checkout(request) } }
        router.post("api/v1/billing/portal") { request, _ in await APIError.handle(request) { try await portal(request) } }
    }

    private func checkout(_ request: Request) async throws -> Response {
        let (clientId, email) = try await owner(request)
        let planId = try await Self.planId(request)
        guard let plan = plans.plan(id: planId) else {
            throw APIError(.badRequest, "unknown_plan", "no plan '\(planId)'", details: "plans: " + plans.plans.map(\.id).joined(separator: ", "))
        }
        guard let priceId = plan.stripePriceId else {
            throw APIError(.badRequest, "plan_not_purchasable", "the plan '\(plan.id)' is not sold through Stripe")
        }
        let (stripe, urls) = try stripeClient()
        if let current = try await overviews.overview(clientId: clientId, invoiceLimit: 0).subscription,
           Self.payingStatuses.contains(current.status) {
            throw APIError(.conflict, "already_subscribed", "the business already has a \(current.status) subscription to '\(current.planId)'",
                           details: "change or cancel it in the billing portal (POST /api/v1/billing/portal)")
        }
        let customer = try await customerId(clientId: clientId, email: email, stripe: stripe)
        let key = request.headers[HTTPField.Name("Idempotency-Key")!].map { "checkout:\(clientId):\($0.prefix(200))" }
            ?? "checkout:\(clientId):\(UUID().uuidString)"
        let session = try await Self.mapping {
            try await stripe.createCheckoutSession(
                StripeCheckoutRequest(customer: customer, businessId: clientId.uuidString.lowercased(), priceId: priceId,
                                      successURL: urls.success, cancelURL: urls.cancel, metadata: ["plan_id": plan.id]),
                idempotencyKey: key)
        }
        guard let url = session.url else { throw APIError(.badGateway, "stripe_invalid_response", "Stripe returned a checkout session without a URL") }
        return APIError.json(["url": url, "session_id": session.id], status: .ok)
    }

    private func portal(_ request: Request) async throws -> Response {
        let (clientId, _) = try await owner(request)
        let (stripe, urls) = try stripeClient()
        guard let customer = try await customers.customerId(clientId: clientId) else {
            throw APIError(.notFound, "no_billing_customer", "the business has no Stripe customer yet", details: "start a checkout first")
        }
        let session = try await Self.mapping {
            try await stripe.createPortalSession(customer: customer, returnURL: urls.portal, idempotencyKey: "portal:\(clientId):\(UUID().uuidString)")
        }
        return APIError.json(["url": session.url], status: .ok)
    }

    /// The signed-in owner's business id and email.
    private func owner(_ request: Request) async throws -> (UUID, String?) {
        let caller = try await authenticator.authenticateUser(request)
        guard let clientId = caller.identity.userId else { throw APIError(.forbidden, "owner_only", "billing is the signed-in owner's") }
        return (clientId, caller.email)
    }

    private func stripeClient() throws -> (StripeClient, (success: String, cancel: String, portal: String)) {
        guard let stripe = configuration.stripe else {
            throw APIError(.serviceUnavailable, "billing_not_configured", "billing is not configured on this server (STRIPE_SECRET_KEY)")
        }
        guard let urls = configuration.urls(publicURL: publicURL) else {
            throw APIError(.serviceUnavailable, "billing_not_configured", "no return URL for Stripe (FLOWORX_PUBLIC_URL or FLOWORX_BILLING_SUCCESS_URL)")
        }
        return (StripeClient(configuration: stripe), urls)
    }

    /// The business's Stripe customer: the stored link, else one Stripe already has for it (a link lost after a
    /// crash between create and link), else a new one. The create's idempotency key is the business, so two
    /// concurrent first checkouts get the same customer; the link keeps the first customer stored.
    private func customerId(clientId: UUID, email: String?, stripe: StripeClient) async throws -> String {
        if let known = try await customers.customerId(clientId: clientId) { return known }
        let business = clientId.uuidString.lowercased()
        let found = try await Self.mapping { try await stripe.findCustomer(businessId: business) }
        let customer = try await Self.mapping {
            if let found { return found }
            return try await stripe.createCustomer(businessId: business, email: email, name: nil, idempotencyKey: "customer:\(business)")
        }
        return try await customers.link(clientId: clientId, customerId: customer.id) ?? customer.id
    }

    /// `{"plan": "<id>"}`.
    static func planId(_ request: Request) async throws -> String {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBody)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "body_too_large", "the body is larger than \(maximumBody) bytes")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] else {
            throw APIError(.badRequest, "invalid_body", "the body must be a JSON object {\"plan\": \"<plan id>\"}")
        }
        guard let plan = object["plan"] as? String, !plan.isEmpty else {
            throw APIError(.badRequest, "plan_required", "\"plan\" must be a plan id")
        }
        return plan
    }

    /// Runs a Stripe call, turning its error into the route's.
    static func mapping<T>(_ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch let error as StripeError {
            throw apiError(error)
        }
    }

    /// Stable codes for Stripe's failures. Everything Stripe refuses here comes from the server's own settings (a
    /// price id, a key), never from the owner's input, hence 502 rather than 400.
    static func apiError(_ error: StripeError) -> APIError {
        let detail = [error.type, error.code, error.param.map { "param \($0)" }].compactMap { $0 }.joined(separator: ", ")
        switch error.kind {
        case .transport, .unavailable, .rateLimited:
            return APIError(.badGateway, "stripe_unavailable", "Stripe could not be reached or is failing; try again", details: error.message)
        case .authentication, .permission:
            return APIError(.badGateway, "stripe_misconfigured", "Stripe refused this server's API key", details: detail.isEmpty ? nil : detail)
        case .idempotency:
            return APIError(.conflict, "stripe_idempotency_conflict", "a request with this Idempotency-Key is running or had other parameters")
        case .invalidRequest, .notFound, .card:
            return APIError(.badGateway, "stripe_rejected", "Stripe rejected the request: \(error.message)", details: detail.isEmpty ? nil : detail)
        case .invalidResponse:
            return APIError(.badGateway, "stripe_invalid_response", "Stripe's answer could not be read")
        }
    }
}
