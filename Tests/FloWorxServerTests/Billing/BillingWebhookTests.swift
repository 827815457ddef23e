import FloWorxCore
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// `POST /api/v1/webhooks/stripe` end to end on real PostgreSQL (issue 15): signatures first and no side effect on
/// refusal; each event applied once; out-of-order deliveries end in Stripe's state.
@Suite("Billing: Stripe webhooks")
struct BillingWebhookTests {
    static let secret = "whsec_webhook_tests_current"
    static let signatureHeader = HTTPField.Name(StripeSignature.header)!

    static func with(source: StripeWorld?, secrets: [String] = [secret], _ body: @Sendable (TestApp) async throws -> Void) async throws {
        try await TestApp.with(configure: { dependencies in
            dependencies.billing = BillingServerConfiguration(webhookSecrets: secrets, objectSource: source)
        }, body)
    }

    static func deliver(_ app: TestApp, _ body: Data, secret: String = secret, timestamp: Int64? = nil, header: String? = nil) async throws -> TestResponse {
        let signed = header ?? StripeSignature.header(payload: body, secret: secret, timestamp: timestamp ?? Int64(Date().timeIntervalSince1970))
        var headers = HTTPFields()
        headers[signatureHeader] = signed
        headers[.contentType] = "application/json; charset=utf-8"
        return try await app.request(.post, "/api/v1/webhooks/stripe", as: .nobody, headers: headers, body: ByteBuffer(bytes: body))
    }

    static func business(_ app: TestApp, _ email: String) async throws -> UUID {
        let rows = try await app.db.database.service.query("INSERT INTO auth.users (email) VALUES (\(email)) RETURNING id")
        for try await id in rows.decode(UUID.self) { return id }
        throw CancellationError()
    }

    static func count(_ app: TestApp, _ query: PostgresQuery) async throws -> Int {
        for try await value in try await app.db.database.service.query(query).decode(Int.self) { return value }
        return -1
    }

    /// Rows in every billing table (what a refused delivery must leave at 0).
    static func billingRows(_ app: TestApp) async throws -> Int {
        try await count(app, """
            SELECT (SELECT count(*) FROM floworx.stripe_events) + (SELECT count(*) FROM floworx.stripe_objects)
                 + (SELECT count(*) FROM floworx.billing_customers) + (SELECT count(*) FROM public.subscriptions)
                 + (SELECT count(*) FROM public.invoices)
            """)
    }

    @Test("a signed event is applied once; its redelivery answers 200 and changes nothing")
    func appliedOnce() async throws {
        let world = StripeWorld()
        try await Self.with(source: world) { app in
            let business = try await Self.business(app, "once@billing.test")
            world.checkout(business: business, customer: "cus_1", subscription: "sub_1")
            world.subscription("sub_1", business: business, customer: "cus_1", status: "active", price: "price_floworx_pro", periodStart: world.now, type: "customer.subscription.created")
            world.invoice("in_1", subscription: "sub_1", customer: "cus_1", status: "paid", amount: 14900, paidAt: world.now, type: "invoice.paid")
            for event in world.events {
                let first = try await Self.deliver(app, event.body)
                #expect(first.status == .ok, "\(first.text)")
                let again = try await Self.deliver(app, event.body)
                #expect(again.status == .ok)
                #expect(try again.json()["outcome"]?.stringValue == "duplicate")
            }
            #expect(try await Self.count(app, "SELECT count(*) FROM floworx.stripe_events") == 3)
            #expect(try await Self.count(app, "SELECT count(*) FROM public.subscriptions WHERE client_id = \(business) AND status = 'active' AND plan_id = 'pro'") == 1)
            #expect(try await Self.count(app, "SELECT count(*) FROM public.invoices WHERE amount = 149.00 AND status = 'paid' AND paid_at IS NOT NULL") == 1)
            #expect(try await Self.count(app, "SELECT count(*) FROM floworx.billing_customers WHERE client_id = \(business) AND stripe_customer_id = 'cus_1'") == 1)
        }
    }

    @Test("refused signatures answer 400 with a stable code and write nothing")
    func refusals() async throws {
        try await Self.with(source: nil, secrets: [Self.secret, "whsec_rotated_previous"]) { app in
            let business = try await Self.business(app, "refused@billing.test")
            let world = StripeWorld()
            world.subscription("sub_9", business: business, customer: "cus_9", status: "active", price: "price_floworx_pro", periodStart: world.now, type: "customer.subscription.created")
            let body = try #require(world.events.first).body
            let now = Int64(Date().timeIntervalSince1970)
            var altered = body
            altered[altered.count / 2] ^= 0x01
            let cases: [(String, Data, String?, Int64?, String)] = [
                ("wrong secret", body, nil, nil, "invalid_stripe_signature"),
                ("expired", body, nil, now - 301, "stripe_signature_timestamp_out_of_tolerance"),
                ("future", body, nil, now + 301, "stripe_signature_timestamp_out_of_tolerance"),
                ("altered", altered, StripeSignature.header(payload: body, secret: Self.secret, timestamp: now), nil, "invalid_stripe_signature"),
                ("malformed", body, "v1=abc", nil, "malformed_stripe_signature"),
                ("no v1", body, "t=\(now),v0=\(StripeSignature.signature(payload: body, secret: Self.secret, timestamp: now))", nil, "no_v1_signature"),
            ]
            for (name, payload, header, timestamp, code) in cases {
                let response = try await Self.deliver(app, payload, secret: name == "wrong secret" ? "whsec_someone_else" : Self.secret, timestamp: timestamp, header: header)
                #expect(response.status == .badRequest, "\(name)")
                #expect(try response.json()["code"]?.stringValue == code, "\(name): \(response.text)")
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            let unsigned = try await app.request(.post, "/api/v1/webhooks/stripe", as: .nobody, headers: headers, body: ByteBuffer(bytes: body))
            #expect(unsigned.status == .badRequest)
            #expect(try unsigned.json()["code"]?.stringValue == "missing_stripe_signature")
            #expect(try await Self.billingRows(app) == 0)
            // The previous secret of a rotation still signs validly; a verified body that is not an event is a 400.
            #expect(try await Self.deliver(app, Data("[1]".utf8), secret: "whsec_rotated_previous").status == .badRequest)
            #expect(try await Self.billingRows(app) == 0)
            #expect(try await Self.deliver(app, body, secret: "whsec_rotated_previous").status == .ok)
            #expect(try await Self.count(app, "SELECT count(*) FROM public.subscriptions") == 1)
        }
    }

    @Test("100 forged signatures: 0 accepted, no row written")
    func forged() async throws {
        try await Self.with(source: nil) { app in
            let business = try await Self.business(app, "forged@billing.test")
            let world = StripeWorld(seed: 7)
            for index in 0..<100 {
                world.subscription("sub_f\(index)", business: business, customer: "cus_f", status: "active", price: "price_floworx_pro", periodStart: world.now, type: "customer.subscription.created")
            }
            let now = Int64(Date().timeIntervalSince1970)
            var accepted = 0
            for (index, event) in world.events.enumerated() {
                let good = StripeSignature.signature(payload: event.body, secret: Self.secret, timestamp: now)
                let header: String = switch index % 5 {
                case 0: "t=\(now),v1=\((0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined())"  // random bytes
                case 1: StripeSignature.header(payload: event.body, secret: "whsec_attacker", timestamp: now)  // attacker's secret
                case 2: "t=\(now),v1=\(StripeSignature.signature(payload: event.body, secret: Self.secret, timestamp: now - 3600))"  // signed for another time
                case 3: "t=\(now),v1=\(good.prefix(63))\(good.hasSuffix("0") ? "1" : "0")"  // the last hex digit changed
                default: "t=\(now + 10),v1=\(good)"  // the timestamp moved after signing
                }
                let response = try await Self.deliver(app, event.body, header: header)
                if response.status != .badRequest { accepted += 1 }
            }
            #expect(accepted == 0)
            #expect(try await Self.billingRows(app) == 0)
        }
    }

    @Test("1,000 deliveries with 10 % duplicates and 10 % reordered end in Stripe's state, each event applied once")
    func thousandDeliveries() async throws {
        let world = StripeWorld(seed: 2026)
        try await Self.with(source: world) { app in
            var businesses: [UUID] = []
            for index in 0..<30 { businesses.append(try await Self.business(app, "b\(index)@billing.test")) }
            // Lives of unequal length until there are 900 events.
            var index = 0
            while world.events.count < 900 {
                world.life(business: businesses[index % businesses.count], index: index, months: 2 + world.next(5))
                index += 1
            }
            var deliveries = world.events
            let uniqueCount = deliveries.count
            // 10 % reordered: an event swapped with one up to 8 places later.
            for _ in 0..<(uniqueCount / 10) {
                let at = world.next(uniqueCount - 8)
                deliveries.swapAt(at, at + 1 + world.next(8))
            }
            // 10 % duplicates, redelivered a little later.
            let total = uniqueCount + uniqueCount / 9
            while deliveries.count < total {
                let at = world.next(deliveries.count)
                deliveries.insert(deliveries[at], at: min(deliveries.count, at + 1 + world.next(20)))
            }
            #expect(deliveries.count >= 1000)
            var failures: [String] = []
            for event in deliveries {
                let response = try await Self.deliver(app, event.body)
                if response.status != .ok { failures.append("\(event.id): \(response.status) \(response.text)") }
            }
            #expect(failures.isEmpty, "\(failures.prefix(5))")
            // Each event recorded once; no duplicate rows for any Stripe object.
            #expect(try await Self.count(app, "SELECT count(*) FROM floworx.stripe_events") == uniqueCount)
            #expect(try await Self.count(app, "SELECT count(*) FROM public.subscriptions") == world.subscriptionIds.count)
            #expect(try await Self.count(app, "SELECT count(*) FROM public.invoices") == world.invoiceIds.count)
            // Final state equals Stripe's.
            var mismatches: [String] = []
            for id in world.subscriptionIds {
                let expected = try #require(world.currentSubscription(id))
                let plan = PlanCatalog.builtIn.plan(stripePriceId: expected.priceId ?? "")?.id ?? ""
                let rows = try await app.db.database.service.query("""
                    SELECT s.status || '|' || s.plan_id || '|' || extract(epoch FROM s.current_period_start)::bigint || '|' || extract(epoch FROM s.current_period_end)::bigint || '|' || o.stripe_status
                    FROM floworx.stripe_objects o JOIN public.subscriptions s ON s.id = o.local_id WHERE o.stripe_id = \(id)
                    """)
                var actual = ""
                for try await text in rows.decode(String.self) { actual = text }
                let wanted = "\(expected.storedStatus)|\(plan)|\(Int64(expected.currentPeriodStart!.timeIntervalSince1970))|\(Int64(expected.currentPeriodEnd!.timeIntervalSince1970))|\(expected.status)"
                if actual != wanted { mismatches.append("\(id): \(actual) != \(wanted)") }
            }
            for id in world.invoiceIds {
                let expected = try #require(world.currentInvoice(id))
                let rows = try await app.db.database.service.query("""
                    SELECT i.status || '|' || i.amount::text || '|' || (i.paid_at IS NOT NULL)::text || '|' || o.hosted_invoice_url
                    FROM floworx.stripe_objects o JOIN public.invoices i ON i.id = o.local_id WHERE o.stripe_id = \(id)
                    """)
                var actual = ""
                for try await text in rows.decode(String.self) { actual = text }
                let wanted = "\(expected.storedStatus)|\(expected.amount).00|\(expected.paidAt != nil)|\(expected.hostedInvoiceURL ?? "")"
                if actual != wanted { mismatches.append("\(id): \(actual) != \(wanted)") }
            }
            #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(5))")
            // Reordering made the processor fetch (older or same-second events).
            #expect(world.fetches > 0)
            #expect(try await Self.count(app, "SELECT count(*) FROM floworx.stripe_events WHERE outcome = 'refetched'") > 0)
        }
    }

    @Test("the owner reads plan, usage and invoices; the data API shows its own rows only and refuses writes")
    func ownerView() async throws {
        let world = StripeWorld()
        try await Self.with(source: world) { app in
            let owner = try await app.signUp()
            let other = try await app.signUp()
            world.checkout(business: owner.userId, customer: "cus_o", subscription: "sub_o")
            world.subscription("sub_o", business: owner.userId, customer: "cus_o", status: "active", price: "price_floworx_pro", periodStart: world.now, type: "customer.subscription.created")
            world.invoice("in_o", subscription: "sub_o", customer: "cus_o", status: "paid", amount: 14900, paidAt: world.now, type: "invoice.paid")
            for event in world.events { #expect(try await Self.deliver(app, event.body).status == .ok) }

            let view = try await app.request(.get, "/api/v1/billing", as: .user(owner))
            #expect(view.status == .ok, "\(view.text)")
            let json = try view.json()
            #expect(json["plan"]?["id"]?.stringValue == "pro")
            #expect(json["subscription"]?["status"]?.stringValue == "active")
            #expect(json["limits"]?["emails_per_month"]?.numberValue == 50000)
            #expect(json["usage"]?["emails"]?.numberValue == 0)
            #expect(json["drafts_allowed"]?.boolValue == true)
            #expect(json["invoices"]?.arrayValue?.first?["hosted_invoice_url"]?.stringValue == "https://invoice.stripe.test/in_o")
            #expect(json["invoices"]?.arrayValue?.first?["amount"]?.numberValue == 149)

            let otherView = try await app.request(.get, "/api/v1/billing", as: .user(other))
            #expect(try otherView.json()["plan"]?["id"]?.stringValue == "free")
            #expect(try otherView.json()["invoices"]?.arrayValue?.isEmpty == true)
            #expect(try await app.request(.get, "/api/v1/billing", as: .anon).status.code >= 400)

            let mine = try await app.request(.get, "/rest/v1/invoices?select=amount,status", as: .user(owner))
            #expect(mine.status == .ok && mine.text.contains("149"))
            let theirs = try await app.request(.get, "/rest/v1/subscriptions?select=id", as: .user(other))
            #expect(theirs.status == .ok && theirs.text == "[]")
            // A failed payment tells the owner once per invoice, in the webhook's transaction.
            world.invoice("in_o2", subscription: "sub_o", customer: "cus_o", status: "open", amount: 14900, paidAt: nil, type: "invoice.payment_failed")
            world.invoice("in_o2", subscription: "sub_o", customer: "cus_o", status: "open", amount: 14900, paidAt: nil, type: "invoice.payment_failed")
            for event in world.events.suffix(2) { #expect(try await Self.deliver(app, event.body).status == .ok) }
            #expect(try await Self.count(app, """
                SELECT count(*) FROM floworx.notifications WHERE client_id = \(owner.userId) AND kind = 'summary'
                  AND content->>'billing' = 'payment_failed' AND recipient = \(owner.email) AND content->>'invoice' = 'in_o2'
                """) == 1)
            let write = try await app.request(.patch, "/rest/v1/subscriptions?client_id=eq.\(owner.id)", as: .user(owner), json: #"{"status": "active", "plan_id": "free"}"#)
            #expect(write.status.code == 401 || write.status.code == 403, "\(write.status) \(write.text)")
        }
    }
}
