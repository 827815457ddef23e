import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import Hummingbird

/// The owner's billing page (issue 15): the plan, this period's usage against each limit, the subscription and its
/// period (with the grace warning when a payment failed), the invoices with their hosted links, and buttons that start
/// a Stripe Checkout for a paid plan or open the Billing Portal. Everything goes through the billing API as the
/// signed-in owner (`GET /api/v1/billing`, `POST /api/v1/billing/checkout`, `/portal`), so the page shows and does
/// exactly what the API allows; the browser is redirected to the URL Stripe returns, and Stripe's refusals become a
/// readable message on the page. Without a Stripe key the page says billing is not configured instead of offering
/// buttons that cannot work. See docs/billing.md.
struct BillingPages: Sendable {
    let web: WebContext
    /// The plans and the grace period (`FLOWORX_BILLING_PLANS_FILE`, `FLOWORX_BILLING_GRACE_DAYS`).
    let billing: BillingServerConfiguration
    /// Whether checkout and the portal can reach Stripe (`STRIPE_SECRET_KEY`, or the demo's local Stripe server).
    let checkout: BillingCheckoutConfiguration

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("billing") { request, context in
            await web.handle(request) {
                let session = try await web.requireSession(request, context)
                let returned = request.uri.queryParameters.get("checkout").map { String($0) }
                let notice = returned == "success" ? "Thank you: your payment went through. The new plan shows here as soon as Stripe confirms it (usually within seconds; reload the page)."
                    : returned == "cancel" ? "Checkout was cancelled; nothing was charged." : nil
                return try await render(request, context, session, notice: notice)
            }
        }
        group.post("billing/checkout") { request, context in await web.handle(request) { try await startCheckout(request, context) } }
        group.post("billing/portal") { request, context in await web.handle(request) { try await openPortal(request, context) } }
    }

    // MARK: Actions

    private func startCheckout(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        let form = try await web.form(request, session: session)
        let planId = form.text("plan") ?? ""
        guard let plan = billing.plans.plan(id: planId), plan.stripePriceId != nil else {
            return try await render(request, context, session, error: "Choose one of the paid plans listed below.", status: .badRequest)
        }
        let answer = try await web.api.call(.post, "/api/v1/billing/checkout", json: ["plan": plan.id], bearer: session.accessToken, original: request, context: context)
        return try await follow(answer, request, context, session)
    }

    private func openPortal(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        _ = try await web.form(request, session: session)
        let answer = try await web.api.call(.post, "/api/v1/billing/portal", bearer: session.accessToken, original: request, context: context)
        return try await follow(answer, request, context, session)
    }

    /// Sends the browser to the Stripe page the API created, or shows why there is none.
    private func follow(_ answer: InternalAPI.Answer, _ request: Request, _ context: AppRequestContext, _ session: WebSession) async throws -> Response {
        if answer.ok, let url = answer.object["url"] as? String, let scheme = URL(string: url)?.scheme?.lowercased(), scheme == "https" || scheme == "http" {
            return web.redirect(url, cookies: session.cookies)
        }
        let status = answer.ok ? HTTPResponse.Status.badGateway : answer.status
        return try await render(request, context, session, error: Self.explain(answer), status: status)
    }

    /// What the owner reads for a refusal of the billing API (its stable codes, docs/billing.md).
    static func explain(_ answer: InternalAPI.Answer) -> String {
        switch answer.object["code"] as? String {
        case "billing_not_configured": return "Billing is not configured on this server, so plans cannot be bought here. Ask the operator."
        case "already_subscribed": return "You already have a subscription. Change or cancel it in the billing portal."
        case "no_billing_customer": return "There is nothing to manage yet: choose a plan first."
        case "stripe_unavailable": return "Stripe, our payment processor, could not be reached. Nothing was charged; try again in a minute."
        case "stripe_misconfigured", "stripe_rejected", "stripe_invalid_response":
            return "Stripe, our payment processor, refused the request because of a setting on our side. Nothing was charged; the operator has been told in the logs."
        default: return "The billing request failed: \(answer.message)"
        }
    }

    // MARK: The page

    private func render(
        _ request: Request, _ context: AppRequestContext, _ session: WebSession,
        notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let answer = try await web.api.call(.get, "/api/v1/billing", bearer: session.accessToken, original: request, context: context)
        guard answer.ok else {
            return web.page(request, "error", title: "Billing", data: [
                "heading": "Billing could not be shown", "message": answer.message,
            ], session: session, status: answer.status.code == 401 || answer.status.code == 403 ? answer.status : .serviceUnavailable, navigation: "billing")
        }
        var data = Self.data(answer.object, plans: billing.plans, gracePeriod: billing.gracePeriod, checkoutConfigured: checkout.stripe != nil)
        if let notice { data["notice"] = notice }
        if let error { data["error"] = error }
        var response = web.page(request, "billing", title: "Billing", data: data, session: session, status: status, navigation: "billing")
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy(checkout)
        return response
    }

    /// The app's Content-Security-Policy with Stripe's hosted pages allowed as form targets: browsers apply
    /// `form-action` to the redirect a form's answer makes, and the checkout and portal buttons answer with a 303 to
    /// Stripe (`checkout.stripe.com`, `billing.stripe.com`, or the configured Stripe server's own origin, e.g. the
    /// demo's local one). Nothing else is widened.
    static func contentSecurityPolicy(_ checkout: BillingCheckoutConfiguration) -> String {
        WebHeadersMiddleware<AppRequestContext>.contentSecurityPolicy
            .replacingOccurrences(of: "form-action 'self'", with: (["form-action 'self'"] + checkout.hostedPageOrigins).joined(separator: " "))
    }

    /// The template's data from the billing API's answer.
    static func data(_ view: [String: Any], plans: PlanCatalog, gracePeriod: Duration, checkoutConfigured: Bool) -> [String: Any] {
        let plan = view["plan"] as? [String: Any] ?? [:]
        let limits = view["limits"] as? [String: Any] ?? [:]
        let usage = view["usage"] as? [String: Any] ?? [:]
        let subscription = view["subscription"] as? [String: Any]
        let status = subscription?["status"] as? String
        var data: [String: Any] = [
            "planName": plan["name"] as? String ?? "Free",
            "planPrice": price(cents: plan["price_cents"] as? Int ?? 0, currency: plan["currency"] as? String ?? "USD", interval: plan["interval"] as? String ?? "month"),
            "periodStart": day(usage["period_start"]), "periodEnd": day(usage["period_end"]),
        ]
        // Usage against each limit: a meter where there is a limit, "unlimited" otherwise.
        let rows: [(String, String, String, Bool)] = [
            ("Emails processed this period", "emails", "emails_per_month", false), ("Connected mailboxes", "mailboxes", "mailboxes", true),
            ("Reply drafts this period", "drafts", "drafts_per_month", false), ("AI tokens this period", "llm_tokens", "llm_tokens_per_month", false),
            ("Managers", "managers", "managers", true),
        ]
        data["usage"] = rows.enumerated().map { index, row -> [String: Any] in
            let (label, usageKey, limitKey, standing) = row
            let used = usage[usageKey] as? Int ?? 0
            var item: [String: Any] = ["id": "use-\(index)", "label": label, "used": number(used)]
            if let limit = limits[limitKey] as? Int {
                item["limit"] = number(limit)
                item["limited"] = true
                item["max"] = max(limit, 1)
                item["value"] = min(used, max(limit, 1))
                item["high"] = Double(max(limit, 1)) * 0.9
                if used >= limit {
                    item["full"] = true
                    item["fullText"] = standing
                        ? (used > limit ? "Over this plan's limit: everything you have is kept, but nothing can be added. Upgrade, or remove some first."
                                        : "Limit reached: upgrade to add more.")
                        : "Limit reached for this period: drafts and AI stop until the next period or an upgrade; mail is still sorted and emergencies still escalate."
                }
            } else {
                item["limit"] = "unlimited"
            }
            return item
        }
        if let subscription {
            var described: [String: Any] = [
                "status": statusText(status ?? "", stripe: subscription["stripe_status"] as? String),
                "periodStart": day(subscription["current_period_start"]), "periodEnd": day(subscription["current_period_end"]),
            ]
            if status == "past_due" {
                let since = (subscription["past_due_since"] as? String).flatMap(ISO8601.parse) ?? Date()
                described["graceEnds"] = WebFormat.dateTime(since.addingTimeInterval(Double(gracePeriod.components.seconds)))
                described["pastDue"] = true
            }
            data["subscription"] = described
        }
        if let reason = view["paused_reason"] as? String { data["paused"] = pausedText(reason) }
        let invoices = (view["invoices"] as? [[String: Any]] ?? []).map { invoice -> [String: Any] in
            var item: [String: Any] = [
                "number": invoice["number"] as? String ?? "—",
                "date": day(invoice["created_at"]),
                "amount": amount(invoice["amount"], currency: invoice["currency"] as? String ?? ""),
                "status": (invoice["status"] as? String ?? "").prefix(1).uppercased() + (invoice["status"] as? String ?? "").dropFirst(),
            ]
            if let url = invoice["hosted_invoice_url"] as? String, let scheme = URL(string: url)?.scheme?.lowercased(), scheme == "https" || scheme == "http" {
                item["url"] = url
            }
            return item
        }
        data["invoices"] = invoices
        data["hasInvoices"] = !invoices.isEmpty
        // Paid plans can be bought while there is no paying subscription (the API refuses a second one).
        let paying = ["active", "past_due"].contains(status ?? "")
        data["configured"] = checkoutConfigured
        if checkoutConfigured && !paying {
            data["offers"] = plans.plans.filter { $0.stripePriceId != nil }.map { offer -> [String: Any] in
                let limits = offer.limits
                func say(_ value: Int?, _ noun: String) -> String { value.map { "\(number($0)) \(noun)" } ?? "unlimited \(noun)" }
                return [
                    "id": offer.id, "name": offer.name,
                    "price": price(cents: offer.priceCents, currency: offer.currency, interval: offer.interval),
                    "summary": [say(limits.emailsPerMonth, "emails a month"), say(limits.mailboxes, "mailboxes"), say(limits.draftsPerMonth, "drafts a month"),
                                say(limits.managers, "managers")].joined(separator: ", "),
                ]
            }
        }
        data["portal"] = checkoutConfigured && subscription != nil
        return data
    }

    static func statusText(_ status: String, stripe: String?) -> String {
        if stripe == "trialing" { return "Trial" }
        switch status {
        case "active": return "Active"
        case "past_due": return "Payment failed (past due)"
        case "unpaid": return "Unpaid"
        case "canceled": return "Canceled"
        default: return status
        }
    }

    static func pausedText(_ reason: String) -> String {
        switch reason {
        case "email_limit": return "Drafts and AI are paused: this period's email limit is reached. Mail is still sorted and emergencies still escalate."
        case "draft_limit": return "Drafts are paused: this period's draft limit is reached."
        case "llm_token_limit": return "Drafts and AI are paused: this period's AI token limit is reached."
        case "past_due_grace_over": return "Drafts and AI are paused: the payment is overdue and the grace period is over. Pay the open invoice to resume."
        case "unpaid": return "Drafts and AI are paused: the subscription is unpaid."
        case "canceled": return "The subscription is canceled: drafts and mailbox write-back are paused. Your data is kept; subscribe again to resume."
        default: return "Some features are paused (\(reason))."
        }
    }

    /// `49 USD / month`, or `Free`.
    static func price(cents: Int, currency: String, interval: String) -> String {
        cents == 0 ? "Free" : "\(money(Double(cents) / 100)) \(currency) / \(interval)"
    }

    static func amount(_ value: Any?, currency: String) -> String {
        let number = (value as? Double) ?? (value as? Int).map(Double.init) ?? 0
        return "\(money(number)) \(currency)"
    }

    /// `49` or `49.50`.
    static func money(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }

    /// `12,345`.
    static func number(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    /// `6 Dec 2026` from the API's ISO 8601 text.
    static func day(_ value: Any?) -> String {
        guard let text = value as? String, let date = ISO8601.parse(text) else { return "—" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMM yyyy"
        return formatter.string(from: date)
    }
}
