import AsyncHTTPClient
import FloWorxCore
import Foundation
import NIOCore
import NIOHTTP1

/// Calls Stripe's API (`{base}/v1/...`): customers, Checkout and Billing Portal sessions, subscriptions and invoices.
/// Bearer auth with the secret key, form-encoded POST bodies, a `Stripe-Version` header and an `Idempotency-Key` on
/// every POST. One request per call, no retries (callers retry what `StripeError.isRetryable` says, with the same
/// idempotency key) and no logging.
public struct StripeClient: Sendable {
    public let configuration: StripeConfiguration
    let client: HTTPClient
    /// Stripe objects are a few KB; a list page of 100 invoices stays far below this.
    static let maxResponseBytes = 4 * 1024 * 1024

    public init(configuration: StripeConfiguration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
    }

    // MARK: Customers

    /// `POST /v1/customers` with `metadata[business_id]`.
    public func createCustomer(businessId: String, email: String?, name: String?, idempotencyKey: String) async throws(StripeError) -> StripeCustomer {
        var form = StripeForm()
        if let email { form.append("email", email) }
        if let name { form.append("name", name) }
        form.appendMetadata([StripeCustomer.businessMetadataKey: businessId], prefix: "metadata")
        return try await post("/v1/customers", form: form, idempotencyKey: idempotencyKey)
    }

    /// `GET /v1/customers/{id}`.
    public func retrieveCustomer(id: String) async throws(StripeError) -> StripeCustomer {
        try await get("/v1/customers/" + MailHTTP.percentEncode(id))
    }

    /// `GET /v1/customers/search?query=...` (Stripe's search query language).
    public func searchCustomers(query: String, limit: Int = 10) async throws(StripeError) -> StripeList<StripeCustomer> {
        try await get("/v1/customers/search" + MailHTTP.query([("query", query), ("limit", String(limit))]))
    }

    /// The live customer whose `metadata[business_id]` is `businessId`, if any. Search lags writes by up to a
    /// minute: callers keep the mapping they create and use this only to recover a lost one.
    public func findCustomer(businessId: String) async throws(StripeError) -> StripeCustomer? {
        let escaped = businessId.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        let page = try await searchCustomers(query: "metadata['\(StripeCustomer.businessMetadataKey)']:'\(escaped)'", limit: 1)
        return page.data.first { $0.deleted != true }
    }

    // MARK: Checkout and portal

    /// `POST /v1/checkout/sessions` in `subscription` mode.
    public func createCheckoutSession(_ request: StripeCheckoutRequest, idempotencyKey: String) async throws(StripeError) -> StripeCheckoutSession {
        try await post("/v1/checkout/sessions", form: request.form, idempotencyKey: idempotencyKey)
    }

    /// `GET /v1/checkout/sessions/{id}`.
    public func retrieveCheckoutSession(id: String) async throws(StripeError) -> StripeCheckoutSession {
        try await get("/v1/checkout/sessions/" + MailHTTP.percentEncode(id))
    }

    /// `POST /v1/billing_portal/sessions`.
    public func createPortalSession(customer: String, returnURL: String, idempotencyKey: String) async throws(StripeError) -> StripePortalSession {
        var form = StripeForm()
        form.append("customer", customer)
        form.append("return_url", returnURL)
        return try await post("/v1/billing_portal/sessions", form: form, idempotencyKey: idempotencyKey)
    }

    // MARK: Subscriptions and invoices

    /// `GET /v1/subscriptions/{id}`: the current state (what an out-of-order webhook is resolved against).
    public func retrieveSubscription(id: String) async throws(StripeError) -> StripeSubscription {
        try await get("/v1/subscriptions/" + MailHTTP.percentEncode(id))
    }

    /// `GET /v1/subscriptions/{id}` as Stripe's JSON, every field kept (for code that parses the object itself).
    public func retrieveSubscriptionJSON(id: String) async throws(StripeError) -> JSONValue {
        try await get("/v1/subscriptions/" + MailHTTP.percentEncode(id))
    }

    /// `DELETE /v1/subscriptions/{id}`: cancels now (status `canceled`).
    public func cancelSubscription(id: String) async throws(StripeError) -> StripeSubscription {
        try await send(.DELETE, "/v1/subscriptions/" + MailHTTP.percentEncode(id), form: nil, idempotencyKey: nil)
    }

    /// `GET /v1/invoices/{id}`.
    public func retrieveInvoice(id: String) async throws(StripeError) -> StripeInvoice {
        try await get("/v1/invoices/" + MailHTTP.percentEncode(id))
    }

    /// `GET /v1/invoices/{id}` as Stripe's JSON, every field kept.
    public func retrieveInvoiceJSON(id: String) async throws(StripeError) -> JSONValue {
        try await get("/v1/invoices/" + MailHTTP.percentEncode(id))
    }

    /// `GET /v1/invoices` for a customer and/or subscription, newest first; `startingAfter` pages on.
    public func listInvoices(customer: String? = nil, subscription: String? = nil, limit: Int = 10,
                             startingAfter: String? = nil) async throws(StripeError) -> StripeList<StripeInvoice> {
        try await get("/v1/invoices" + MailHTTP.query([("customer", customer), ("subscription", subscription), ("limit", String(limit)),
                                                      ("starting_after", startingAfter)]))
    }

    // MARK: HTTP

    private func get<T: Decodable>(_ path: String) async throws(StripeError) -> T {
        try await send(.GET, path, form: nil, idempotencyKey: nil)
    }

    private func post<T: Decodable>(_ path: String, form: StripeForm, idempotencyKey: String) async throws(StripeError) -> T {
        try await send(.POST, path, form: form, idempotencyKey: idempotencyKey)
    }

    private func send<T: Decodable>(_ method: HTTPMethod, _ path: String, form: StripeForm?, idempotencyKey: String?) async throws(StripeError) -> T {
        var request = HTTPClientRequest(url: MailHTTP.trimmed(configuration.baseURL) + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer " + configuration.secretKey)
        request.headers.add(name: "Stripe-Version", value: configuration.apiVersion)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "FloWorx")
        if method == .POST {
            // Every POST carries a key, so a retry after a lost answer never creates a second object.
            request.headers.add(name: "Idempotency-Key", value: idempotencyKey ?? UUID().uuidString)
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(bytes: form?.encoded ?? Data()))
        }
        let secrets = [configuration.secretKey]
        let status: Int, body: Data, headers: HTTPHeaders
        do {
            (status, body, headers) = try await execute(request)
        } catch let error as StripeError {
            throw error
        } catch {
            throw StripeError(kind: .transport, message: MailProviderError.sanitize("\(error)", secrets: secrets))
        }
        guard (200..<300).contains(status) else {
            throw StripeError.classify(status: status, body: body, shouldRetry: headers.first(name: "Stripe-Should-Retry"),
                                       requestId: headers.first(name: "Request-Id"), secrets: secrets)
        }
        let decoder = JSONDecoder()
        // Raw JSON keeps Stripe's own key names; the typed objects use Swift's.
        if T.self != JSONValue.self { decoder.keyDecodingStrategy = .convertFromSnakeCase }
        do {
            return try decoder.decode(T.self, from: body)
        } catch {
            throw StripeError(kind: .invalidResponse, status: status, message: "unexpected response body: \(MailHTTP.describe(error))",
                              requestId: headers.first(name: "Request-Id"))
        }
    }

    /// The answer within the timeout, body included and capped.
    private func execute(_ request: HTTPClientRequest) async throws -> (Int, Data, HTTPHeaders) {
        do {
            let answer = try await BoundedHTTPExchange.execute(client, request, timeout: configuration.timeout, limit: Self.maxResponseBytes)
            return (answer.status, answer.body, answer.headers)
        } catch let error as BoundedHTTPExchange.TooLarge {
            throw StripeError(kind: (200..<300).contains(error.status) ? .invalidResponse : .transport, status: error.status,
                              message: "response body larger than \(Self.maxResponseBytes) bytes")
        } catch is BoundedHTTPExchange.TimedOut {
            throw StripeError(kind: .transport, message: "no complete response within \(configuration.timeout)")
        }
    }
}
