import Foundation
import Synchronization

/// The `/v1/...` routes.
extension LocalStripeServer {
    func route(_ request: LocalHTTPRequest, form: LocalStripeForm, requestId: String) -> LocalHTTPResponse {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).dropFirst().map(String.init)
        let context = LocalStripeRequestContext(requestId: requestId, idempotencyKey: request.header("Idempotency-Key"))
        let result: Result<LocalHTTPResponse, LocalStripeAPIError>
        switch (request.method, parts) {
        case ("POST", ["customers"]): result = createCustomer(form)
        case ("GET", ["customers"]): result = listCustomers(form)
        case ("GET", ["customers", "search"]): result = searchCustomers(form)
        case ("GET", let path) where path.count == 2 && path[0] == "customers": result = retrieveCustomer(path[1])
        case ("POST", let path) where path.count == 2 && path[0] == "customers": result = updateCustomer(path[1], form)
        case ("POST", ["checkout", "sessions"]): result = createCheckoutSession(form)
        case ("GET", let path) where path.count == 3 && path[0] == "checkout" && path[1] == "sessions": result = retrieveCheckoutSession(path[2])
        case ("POST", let path) where path.count == 4 && path[0] == "checkout" && path[1] == "sessions" && path[3] == "expire":
            result = expireCheckoutSession(path[2])
        case ("POST", ["billing_portal", "sessions"]): result = createPortalSession(form)
        case ("GET", ["subscriptions"]): result = listSubscriptions(form)
        case ("GET", let path) where path.count == 2 && path[0] == "subscriptions": result = retrieveSubscription(path[1])
        case ("POST", let path) where path.count == 2 && path[0] == "subscriptions": result = updateSubscription(path[1], form, context)
        case ("DELETE", let path) where path.count == 2 && path[0] == "subscriptions": result = cancelSubscription(path[1], form, context)
        case ("GET", ["invoices"]): result = listInvoices(form)
        case ("GET", let path) where path.count == 2 && path[0] == "invoices": result = retrieveInvoice(path[1])
        case ("POST", let path) where path.count == 3 && path[0] == "invoices" && path[2] == "pay": result = payInvoice(path[1], form, context)
        case ("GET", ["events"]): result = listEvents(form)
        case ("GET", let path) where path.count == 2 && path[0] == "events": result = retrieveEvent(path[1])
        default:
            result = .failure(LocalStripeAPIError(status: 404, message: "Unrecognized request URL (\(request.method): \(request.path))."))
        }
        switch result {
        case .success(let response): return response
        case .failure(let error): return Self.error(error)
        }
    }

    // MARK: Customers

    func createCustomer(_ form: LocalStripeForm) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        if let unknown = form.unknown(allowed: ["email", "name", "metadata", "description", "phone"]) { return .failure(.unknown(unknown)) }
        let customer = state.withLock { state in
            insertCustomer(&state, email: form.value("email"), name: form.value("name"), metadata: form.dictionary("metadata"))
        }
        return .success(Self.ok(customer.json))
    }

    func insertCustomer(_ state: inout LocalStripeState, email: String?, name: String?, metadata: [String: String]) -> LocalStripeCustomer {
        let customer = LocalStripeCustomer(id: Self.newId("cus_"), email: email, name: name, metadata: metadata.filter { !$0.value.isEmpty },
                                           created: configuration.now(), invoicePrefix: LocalStripeConfiguration.randomToken(8).uppercased())
        state.customers[customer.id] = customer
        state.customerOrder.append(customer.id)
        emit(&state, type: "customer.created", objectId: customer.id, object: customer.json)
        return customer
    }

    func retrieveCustomer(_ id: String) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        guard let customer = state.withLock({ $0.customers[id] }) else { return .failure(.noSuch("customer", id)) }
        return .success(Self.ok(customer.json))
    }

    func updateCustomer(_ id: String, _ form: LocalStripeForm) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        if let unknown = form.unknown(allowed: ["email", "name", "metadata", "description", "phone"]) { return .failure(.unknown(unknown)) }
        let updated = state.withLock { state -> LocalStripeCustomer? in
            guard var customer = state.customers[id] else { return nil }
            if let email = form.value("email") { customer.email = email.isEmpty ? nil : email }
            if let name = form.value("name") { customer.name = name.isEmpty ? nil : name }
            for (key, value) in form.dictionary("metadata") { customer.metadata[key] = value.isEmpty ? nil : value }
            state.customers[id] = customer
            emit(&state, type: "customer.updated", objectId: id, object: customer.json)
            return customer
        }
        guard let updated else { return .failure(.noSuch("customer", id)) }
        return .success(Self.ok(updated.json))
    }

    func listCustomers(_ form: LocalStripeForm) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        if let unknown = form.unknown(allowed: ["email", "limit", "starting_after", "ending_before", "created"]) { return .failure(.unknown(unknown)) }
        let limit: Int
        switch form.integer("limit", default: 10, range: 1...100) {
        case .success(let value): limit = value
        case .failure(let error): return .failure(error)
        }
        let all = state.withLock { state in state.customerOrder.reversed().compactMap { state.customers[$0] } }
            .filter { form.value("email") == nil || $0.email == form.value("email") }
        return .success(page(all.map { ($0.id, $0.json) }, limit: limit, startingAfter: form.value("starting_after"), url: "/v1/customers"))
    }

    /// Stripe's search language, the clauses FloWorx and the vendor check use: `field:'value'` for `email`, `name` and
    /// `metadata['key']`, joined with `AND`.
    func searchCustomers(_ form: LocalStripeForm) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        if let unknown = form.unknown(allowed: ["query", "limit", "page"]) { return .failure(.unknown(unknown)) }
        guard let query = form.value("query") else { return .failure(.missing("query")) }
        guard let clauses = Self.searchClauses(query) else {
            return .failure(LocalStripeAPIError(status: 400, code: "parameter_invalid_string", param: "query",
                                                message: "The query '\(query)' is not supported by this server (field:'value' clauses joined with AND)."))
        }
        let limit: Int
        switch form.integer("limit", default: 10, range: 1...100) {
        case .success(let value): limit = value
        case .failure(let error): return .failure(error)
        }
        let matches = state.withLock { state in state.customerOrder.reversed().compactMap { state.customers[$0] } }.filter { customer in
            clauses.allSatisfy { field, value in
                switch field {
                case "email": customer.email == value
                case "name": customer.name == value
                default: field.hasPrefix("metadata.") && customer.metadata[String(field.dropFirst(9))] == value
                }
            }
        }
        return .success(Self.ok(["object": "search_result", "data": matches.prefix(limit).map(\.json), "has_more": matches.count > limit,
                                 "next_page": NSNull(), "url": "/v1/customers/search"]))
    }

    /// `[(field, value)]` of `a:'x' AND metadata['k']:'y'`, or `nil` for anything else.
    static func searchClauses(_ query: String) -> [(String, String)]? {
        var clauses: [(String, String)] = []
        for part in query.components(separatedBy: " AND ") {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard let colon = text.range(of: ":'"), text.hasSuffix("'") else { return nil }
            var field = String(text[..<colon.lowerBound])
            let raw = String(text[colon.upperBound..<text.index(before: text.endIndex)])
            let value = raw.replacingOccurrences(of: "\\'", with: "'").replacingOccurrences(of: "\\\\", with: "\\")
            if field.hasPrefix("metadata['") && field.hasSuffix("']") {
                field = "metadata." + field.dropFirst(10).dropLast(2)
            } else if field.hasPrefix("metadata[\"") && field.hasSuffix("\"]") {
                field = "metadata." + field.dropFirst(10).dropLast(2)
            } else if field != "email" && field != "name" {
                return nil
            }
            clauses.append((field, value))
        }
        return clauses
    }

    // MARK: Checkout and portal

    func createCheckoutSession(_ form: LocalStripeForm) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        let allowed: Set<String> = ["mode", "customer", "customer_email", "client_reference_id", "success_url", "cancel_url", "line_items",
                                    "metadata", "subscription_data", "allow_promotion_codes", "billing_address_collection", "locale",
                                    "payment_method_types"]
        if let unknown = form.unknown(allowed: allowed) { return .failure(.unknown(unknown)) }
        guard let mode = form.value("mode") else { return .failure(.missing("mode")) }
        guard mode == "subscription" else {
            return .failure(LocalStripeAPIError(status: 400, code: "parameter_invalid_string", param: "mode",
                                                message: "This local server only supports mode=subscription, got '\(mode)'."))
        }
        guard let success = form.value("success_url") else { return .failure(.missing("success_url")) }
        guard let priceId = form.value("line_items[0][price]") else {
            return .failure(LocalStripeAPIError(status: 400, code: "parameter_missing", param: "line_items",
                                                message: "You must provide at least one recurring price in `subscription` mode when using prices."))
        }
        guard let price = price(priceId) else { return .failure(.noSuch("price", priceId, param: "line_items[0][price]")) }
        let quantity: Int
        switch form.integer("line_items[0][quantity]", default: 1, range: 1...999_999) {
        case .success(let value): quantity = value
        case .failure(let error): return .failure(error)
        }
        if form.value("customer") != nil && form.value("customer_email") != nil {
            return .failure(LocalStripeAPIError(status: 400, code: "parameter_unknown", param: "customer_email",
                                                message: "You may only specify one of these parameters: customer, customer_email."))
        }
        let base = baseURL ?? "http://127.0.0.1"
        let result = state.withLock { state -> Result<LocalStripeCheckoutSession, LocalStripeAPIError> in
            if let customer = form.value("customer"), state.customers[customer] == nil { return .failure(.noSuch("customer", customer, param: "customer")) }
            let id = "cs_test_" + LocalStripeConfiguration.randomToken(58)
            let session = LocalStripeCheckoutSession(
                id: id, url: "\(base)/checkout/\(id)", status: "open", customer: form.value("customer"),
                customerEmail: form.value("customer_email"), clientReferenceId: form.value("client_reference_id"), priceId: priceId,
                quantity: quantity, amount: price.unitAmount, currency: price.currency, successURL: success, cancelURL: form.value("cancel_url"),
                metadata: form.dictionary("metadata"), subscriptionMetadata: form.dictionary("subscription_data[metadata]"),
                subscription: nil, invoice: nil, created: configuration.now())
            state.sessions[id] = session
            return .success(session)
        }
        return result.map { Self.ok($0.json) }
    }

    func retrieveCheckoutSession(_ id: String) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        guard let session = state.withLock({ $0.sessions[id] }) else { return .failure(.noSuch("checkout.session", id)) }
        return .success(Self.ok(session.json))
    }

    func expireCheckoutSession(_ id: String) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        state.withLock { state -> Result<LocalHTTPResponse, LocalStripeAPIError> in
            guard var session = state.sessions[id] else { return .failure(.noSuch("checkout.session", id)) }
            guard session.status == "open" else {
                return .failure(LocalStripeAPIError(status: 400, message: "Only Checkout Sessions with a status in [\"open\"] can be expired."))
            }
            session.status = "expired"
            state.sessions[id] = session
            emit(&state, type: "checkout.session.expired", objectId: id, object: session.json)
            return .success(Self.ok(session.json))
        }
    }

    func createPortalSession(_ form: LocalStripeForm) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        if let unknown = form.unknown(allowed: ["customer", "return_url", "configuration", "locale", "flow_data"]) { return .failure(.unknown(unknown)) }
        guard let customer = form.value("customer") else { return .failure(.missing("customer")) }
        let base = baseURL ?? "http://127.0.0.1"
        return state.withLock { state -> Result<LocalHTTPResponse, LocalStripeAPIError> in
            guard state.customers[customer] != nil else { return .failure(.noSuch("customer", customer, param: "customer")) }
            let id = Self.newId("bps_")
            let session = LocalStripePortalSession(id: id, customer: customer, returnURL: form.value("return_url"),
                                                   url: "\(base)/billing_portal/\(id)", created: configuration.now())
            state.portalSessions[id] = session
            return .success(Self.ok(session.json))
        }
    }

    // MARK: Subscriptions, invoices, events

    func retrieveSubscription(_ id: String) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        guard let subscription = state.withLock({ $0.subscriptions[id] }) else { return .failure(.noSuch("subscription", id)) }
        return .success(Self.ok(subscription.json))
    }

    func listSubscriptions(_ form: LocalStripeForm) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        if let unknown = form.unknown(allowed: ["customer", "status", "price", "limit", "starting_after", "ending_before"]) { return .failure(.unknown(unknown)) }
        let limit: Int
        switch form.integer("limit", default: 10, range: 1...100) {
        case .success(let value): limit = value
        case .failure(let error): return .failure(error)
        }
        let status = form.value("status")
        let all = state.withLock { state in state.subscriptionOrder.reversed().compactMap { state.subscriptions[$0] } }.filter {
            (form.value("customer") == nil || $0.customer == form.value("customer"))
                && (status == "all" || (status == nil ? $0.status != "canceled" : $0.status == status))
                && (form.value("price") == nil || $0.priceId == form.value("price"))
        }
        return .success(page(all.map { ($0.id, $0.json) }, limit: limit, startingAfter: form.value("starting_after"), url: "/v1/subscriptions"))
    }

    func retrieveInvoice(_ id: String) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        guard let invoice = state.withLock({ $0.invoices[id] }) else { return .failure(.noSuch("invoice", id)) }
        return .success(Self.ok(invoice.json))
    }

    func listInvoices(_ form: LocalStripeForm) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        if let unknown = form.unknown(allowed: ["customer", "subscription", "status", "limit", "starting_after", "ending_before", "created"]) {
            return .failure(.unknown(unknown))
        }
        let limit: Int
        switch form.integer("limit", default: 10, range: 1...100) {
        case .success(let value): limit = value
        case .failure(let error): return .failure(error)
        }
        let all = state.withLock { state in state.invoiceOrder.reversed().compactMap { state.invoices[$0] } }.filter {
            (form.value("customer") == nil || $0.customer == form.value("customer"))
                && (form.value("subscription") == nil || $0.subscription == form.value("subscription"))
                && (form.value("status") == nil || $0.status == form.value("status"))
        }
        return .success(page(all.map { ($0.id, $0.json) }, limit: limit, startingAfter: form.value("starting_after"), url: "/v1/invoices"))
    }

    func retrieveEvent(_ id: String) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        guard let event = state.withLock({ $0.events.first { $0.id == id } }) else { return .failure(.noSuch("event", id)) }
        return .success(.json(200, event.body))
    }

    func listEvents(_ form: LocalStripeForm) -> Result<LocalHTTPResponse, LocalStripeAPIError> {
        if let unknown = form.unknown(allowed: ["type", "types", "limit", "starting_after", "ending_before", "created", "delivery_success"]) {
            return .failure(.unknown(unknown))
        }
        let limit: Int
        switch form.integer("limit", default: 10, range: 1...100) {
        case .success(let value): limit = value
        case .failure(let error): return .failure(error)
        }
        let events = state.withLock { $0.events }.reversed().filter { form.value("type") == nil || $0.type == form.value("type") }
        let objects = events.map { event in
            (event.id, (try? JSONSerialization.jsonObject(with: event.body)) as? [String: Any] ?? [:])
        }
        return .success(page(objects, limit: limit, startingAfter: form.value("starting_after"), url: "/v1/events"))
    }

    /// A list page of `items` (newest first) after the `startingAfter` id.
    func page(_ items: [(String, [String: Any])], limit: Int, startingAfter: String?, url: String) -> LocalHTTPResponse {
        var rest = items[...]
        if let startingAfter, let index = items.firstIndex(where: { $0.0 == startingAfter }) { rest = items[(index + 1)...] }
        return Self.list(rest.prefix(limit).map(\.1), hasMore: rest.count > limit, url: url)
    }

    /// The price `id`: from the configuration, or any `price_...` id at the default amount when none is configured.
    func price(_ id: String) -> LocalStripePrice? {
        if configuration.prices.isEmpty {
            return id.hasPrefix("price_") ? LocalStripePrice(unitAmount: configuration.defaultAmount, currency: configuration.defaultCurrency) : nil
        }
        return configuration.prices[id]
    }
}

/// What an event records about the request that caused it.
struct LocalStripeRequestContext: Sendable {
    var requestId: String?
    var idempotencyKey: String?
}
