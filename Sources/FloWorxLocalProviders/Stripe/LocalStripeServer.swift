import Foundation
import Synchronization

/// A local Stripe API speaking the subset FloWorx uses, for tests, the vendor check (the official `stripe` Python
/// library pointed at it) and the demo.
///
/// API (`Authorization: Bearer <secret key>`, or the key as basic-auth user; else 401): customers (create,
/// retrieve, update, list, search by `metadata['k']:'v'` / `email:'...'`), Checkout Sessions (`mode=subscription`:
/// create, retrieve, expire), Billing Portal sessions (create), subscriptions (retrieve, list, update
/// `cancel_at_period_end`/`metadata`, cancel with DELETE), invoices (retrieve, list, pay) and events (retrieve,
/// list). Form-encoded parameters with nested names; unknown parameters, missing required ones and unknown ids
/// answer Stripe's errors (`{"error": {"type", "code", "message", "param"}}`, 400/401/404). An `Idempotency-Key` on a
/// POST replays the first answer (`Idempotent-Replayed: true`); the same key with other parameters answers 400
/// `idempotency_error`.
///
/// The payment side is driven from outside (`completeCheckout`, `renew`, `failPayment`, or `/_local/stripe/...` and
/// the hosted pages `GET /checkout/{id}` and `/billing_portal/{id}`); every change emits the events Stripe would,
/// delivered to the webhook endpoint with a real `Stripe-Signature`. Fault modes: hold and release in another order,
/// duplicate deliveries, forged signatures, and `faults` (a status for the next requests under a path).
public final class LocalStripeServer: Sendable {
    public let configuration: LocalStripeConfiguration
    /// Fault injection: the next N requests under a path prefix answer a status (429 `rate_limit`, 5xx `api_error`).
    public let faults = FaultPlan()
    let state = Mutex<LocalStripeState>(LocalStripeState())
    let webhooks: LocalStripeWebhookSender
    private let slot = LocalServerSlot()

    /// The API version the server answers for (the `Stripe-Version` response header when the request sends none).
    public static let apiVersion = "2025-03-31.basil"

    public init(configuration: LocalStripeConfiguration = LocalStripeConfiguration()) {
        self.configuration = configuration
        self.webhooks = LocalStripeWebhookSender(url: configuration.webhookURL, secret: configuration.webhookSecret)
    }

    /// `http://127.0.0.1:<port>` (FloWorx's `STRIPE_API_BASE`) once started.
    public var baseURL: String? {
        slot.baseURL
    }

    /// Starts listening (port 0: ephemeral) and returns the base URL.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> String {
        try await slot.start(host: host, port: port, maxBodyBytes: 1024 * 1024, label: "local-stripe") { [self] request in
            await self.respond(request)
        }
    }

    /// Stops listening; deliveries still queued are cancelled.
    public func stop() async {
        webhooks.cancelAll()
        await slot.stop()
    }

    func respond(_ request: LocalHTTPRequest) async -> LocalHTTPResponse {
        if request.path.hasPrefix("/_local/stripe/") { return await control(request) }
        if let page = page(request) { return page }
        let requestId = "req_" + LocalStripeConfiguration.randomToken(14)
        var response = api(request, requestId: requestId)
        response.headers += [("Request-Id", requestId), ("Stripe-Version", request.header("Stripe-Version") ?? Self.apiVersion)]
        return response
    }

    private func api(_ request: LocalHTTPRequest, requestId: String) -> LocalHTTPResponse {
        guard request.path.hasPrefix("/v1/") else {
            return Self.error(LocalStripeAPIError(status: 404, message: "Unrecognized request URL (\(request.method): \(request.path))."))
        }
        if let failure = authenticate(request.header("Authorization")) { return Self.error(failure) }
        if let fault = faults.take(method: request.method, path: request.path) {
            let error = fault.status == 429
                ? LocalStripeAPIError(status: 429, type: "invalid_request_error", code: "rate_limit",
                                      message: "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.")
                : LocalStripeAPIError(status: fault.status, type: "api_error", message: "An unknown error occurred")
            var response = Self.error(error)
            if let seconds = fault.retryAfterSeconds { response.headers.append(("Retry-After", String(seconds))) }
            response.headers.append(("Stripe-Should-Retry", fault.status == 429 || fault.status >= 500 ? "true" : "false"))
            return response
        }
        let form = request.method == "POST" ? LocalStripeForm(body: request.body) : LocalStripeForm(request.query)
        let record = LocalStripeRequestRecord(method: request.method, path: request.path, parameters: form.fields.map { [$0.name, $0.value] },
                                              idempotencyKey: request.header("Idempotency-Key"), stripeVersion: request.header("Stripe-Version"),
                                              contentType: request.header("Content-Type"))
        state.withLock { $0.requests.append(record) }
        guard request.method == "POST", let key = request.header("Idempotency-Key") else {
            return route(request, form: form, requestId: requestId)
        }
        // Stripe's idempotency: the first answer is kept for the key (with its parameters); a replay returns it, other
        // parameters are an error, a request while the first still runs is a conflict.
        let fingerprint = request.path + "?" + String(decoding: request.body, as: UTF8.self)
        let prior = state.withLock { state -> LocalStripeIdempotentEntry? in
            if let entry = state.idempotency[key] { return entry }
            state.idempotency[key] = LocalStripeIdempotentEntry(fingerprint: fingerprint, response: nil)
            return nil
        }
        if let prior {
            guard prior.fingerprint == fingerprint else {
                return Self.error(LocalStripeAPIError(
                    status: 400, type: "idempotency_error",
                    message: "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '\(key)' if you meant to execute a different request."))
            }
            guard var replay = prior.response else {
                return Self.error(LocalStripeAPIError(status: 409, type: "idempotency_error", code: "idempotency_key_in_use",
                                                      message: "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): \(key). Please try again later."))
            }
            replay.headers.append(("Idempotent-Replayed", "true"))
            return replay
        }
        let response = route(request, form: form, requestId: requestId)
        state.withLock { state in
            // Stripe keeps the result of a request that ran (2xx and 5xx), not of one refused in validation.
            if (200..<300).contains(response.status) || response.status >= 500 {
                state.idempotency[key]?.response = response
            } else {
                state.idempotency[key] = nil
            }
        }
        return response
    }

    /// `nil` when `header` carries the account's secret key, else Stripe's 401.
    private func authenticate(_ header: String?) -> LocalStripeAPIError? {
        var key: String?
        if let header, header.hasPrefix("Bearer ") {
            key = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        } else if let header, header.hasPrefix("Basic "), let data = Data(base64Encoded: String(header.dropFirst(6))) {
            key = String(decoding: data, as: UTF8.self).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        }
        guard let key, !key.isEmpty else {
            return LocalStripeAPIError(status: 401, message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.")
        }
        guard key == configuration.secretKey else {
            return LocalStripeAPIError(status: 401, message: "Invalid API Key provided: \(key.prefix(8))****\(key.suffix(4))")
        }
        return nil
    }

    // MARK: Rendering

    static func json(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    static func ok(_ object: [String: Any]) -> LocalHTTPResponse { .json(200, json(object)) }

    static func error(_ error: LocalStripeAPIError) -> LocalHTTPResponse { .json(error.status, json(error.json)) }

    /// A list page: `{"object": "list", "data", "has_more", "url"}`.
    static func list(_ items: [[String: Any]], hasMore: Bool, url: String) -> LocalHTTPResponse {
        ok(["object": "list", "data": items, "has_more": hasMore, "url": url])
    }

    /// `prefix` + 24 random alphanumerics, the shape of Stripe ids.
    static func newId(_ prefix: String) -> String { prefix + LocalStripeConfiguration.randomToken(24) }
}

/// One API request as the server received it (what the client-side tests check the encoding of).
public struct LocalStripeRequestRecord: Sendable, Hashable {
    public var method: String
    public var path: String
    /// Decoded `[name, value]` pairs in order.
    public var parameters: [[String]]
    public var idempotencyKey: String?
    public var stripeVersion: String?
    public var contentType: String?
}

/// The first answer to an idempotency key.
struct LocalStripeIdempotentEntry {
    var fingerprint: String
    /// `nil` while the first request still runs.
    var response: LocalHTTPResponse?
}

/// The server's mutable state.
struct LocalStripeState {
    var customers: [String: LocalStripeCustomer] = [:]
    var customerOrder: [String] = []
    var sessions: [String: LocalStripeCheckoutSession] = [:]
    var portalSessions: [String: LocalStripePortalSession] = [:]
    var subscriptions: [String: LocalStripeSubscription] = [:]
    var subscriptionOrder: [String] = []
    var invoices: [String: LocalStripeInvoice] = [:]
    var invoiceOrder: [String] = []
    var events: [LocalStripeEvent] = []
    var idempotency: [String: LocalStripeIdempotentEntry] = [:]
    var requests: [LocalStripeRequestRecord] = []
    var invoiceSequence: [String: Int] = [:]
}
