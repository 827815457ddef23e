import Foundation
import Synchronization

/// The hosted pages a person opens in the demo: Checkout (`GET /checkout/{id}`, "Subscribe" completes the session
/// and redirects to its `success_url`), the Billing Portal (`GET /billing_portal/{id}`, with a cancel button per
/// subscription) and the hosted invoice (`GET /invoice/{id}`).
extension LocalStripeServer {
    func page(_ request: LocalHTTPRequest) -> LocalHTTPResponse? {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch (request.method, parts) {
        case ("GET", let path) where path.count == 2 && path[0] == "checkout":
            guard let session = checkoutSession(id: path[1]) else { return Self.html(404, "<p>No such checkout session.</p>") }
            guard session.status == "open" else { return Self.html(410, "<p>This checkout session is \(Self.escape(session.status)).</p>") }
            let amount = String(format: "%.2f", Double(session.amount * session.quantity) / 100)
            var body = "<h1>Subscribe</h1><p>\(amount) \(Self.escape(session.currency.uppercased())) per period (\(Self.escape(session.priceId))).</p>"
            body += "<form method=\"post\" action=\"/checkout/\(Self.escape(session.id))/pay\"><button type=\"submit\">Subscribe</button></form>"
            if let cancel = session.cancelURL { body += "<p><a href=\"\(Self.escape(cancel))\">Cancel</a></p>" }
            return Self.html(200, body)
        case ("POST", let path) where path.count == 3 && path[0] == "checkout" && path[2] == "pay":
            guard let done = try? completeCheckout(sessionId: path[1]) else { return Self.html(400, "<p>This session cannot be paid.</p>") }
            let target = done.session.successURL.replacingOccurrences(of: "{CHECKOUT_SESSION_ID}", with: done.session.id)
            return .empty(303, headers: [("Location", target)])
        case ("GET", let path) where path.count == 2 && path[0] == "billing_portal":
            guard let session = portalSessions().first(where: { $0.id == path[1] }) else { return Self.html(404, "<p>No such portal session.</p>") }
            let subscriptions = state.withLock { state in state.subscriptionOrder.compactMap { state.subscriptions[$0] } }.filter { $0.customer == session.customer }
            var body = "<h1>Billing</h1><ul>"
            for subscription in subscriptions {
                body += "<li>\(Self.escape(subscription.id)): \(Self.escape(subscription.status))"
                if subscription.status != "canceled" {
                    body += " <form method=\"post\" action=\"/billing_portal/\(Self.escape(session.id))/cancel/\(Self.escape(subscription.id))\">"
                        + "<button type=\"submit\">Cancel subscription</button></form>"
                }
                body += "</li>"
            }
            body += "</ul>"
            for invoice in invoices().filter({ $0.customer == session.customer }) {
                body += "<p><a href=\"/invoice/\(Self.escape(invoice.id))\">\(Self.escape(invoice.number))</a> \(Self.escape(invoice.status))</p>"
            }
            if let back = session.returnURL { body += "<p><a href=\"\(Self.escape(back))\">Return</a></p>" }
            return Self.html(200, body)
        case ("POST", let path) where path.count == 4 && path[0] == "billing_portal" && path[2] == "cancel":
            guard let session = portalSessions().first(where: { $0.id == path[1] }),
                  subscription(id: path[3])?.customer == session.customer else { return Self.html(404, "<p>Not found.</p>") }
            _ = try? setSubscriptionStatus(path[3], to: "canceled")
            return .empty(303, headers: [("Location", "/billing_portal/\(session.id)")])
        case ("GET", let path) where path.count >= 2 && path[0] == "invoice":
            guard let invoice = invoice(id: path[1]) else { return Self.html(404, "<p>No such invoice.</p>") }
            let amount = String(format: "%.2f", Double(invoice.amount) / 100)
            return Self.html(200, "<h1>Invoice \(Self.escape(invoice.number))</h1><p>\(amount) \(Self.escape(invoice.currency.uppercased())): \(Self.escape(invoice.status))</p>")
        default:
            return nil
        }
    }

    static func html(_ status: Int, _ body: String) -> LocalHTTPResponse {
        LocalHTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")],
                          body: Data("<!doctype html><html><head><title>Stripe (local)</title></head><body>\(body)</body></html>".utf8))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
