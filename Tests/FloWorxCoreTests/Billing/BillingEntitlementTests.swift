import FloWorxCore
import Foundation
import Testing

@Suite("Billing entitlement")
struct BillingEntitlementTests {
    let plan = PlanCatalog.builtIn.plan(id: "starter")!
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let grace: Duration = .seconds(7 * 86_400)

    func usage(emails: Int = 10, drafts: Int = 0, tokens: Int = 0) -> BillingUsage {
        BillingUsage(periodStart: now.addingTimeInterval(-86_400), periodEnd: now.addingTimeInterval(86_400), emails: emails, drafts: drafts, llmTokens: tokens)
    }

    @Test("active and within limits: everything allowed")
    func active() {
        let result = BillingEntitlement.decide(plan: plan, status: "active", pastDueSince: nil, usage: usage(), gracePeriod: grace, now: now)
        #expect(result.block == nil && result.draftsAllowed && result.llmAllowed && result.integrationsActive)
        #expect(result.draftsRemaining == 1000)
    }

    @Test("the email limit is inclusive: the limit-th email still drafts, the next does not")
    func emailLimit() {
        let at = BillingEntitlement.decide(plan: plan, status: nil, pastDueSince: nil, usage: usage(emails: 5000), gracePeriod: grace, now: now)
        #expect(at.draftsAllowed)
        let over = BillingEntitlement.decide(plan: plan, status: nil, pastDueSince: nil, usage: usage(emails: 5001), gracePeriod: grace, now: now)
        #expect(over.block == .emailLimit && !over.draftsAllowed && !over.llmAllowed && over.integrationsActive)
    }

    @Test("drafts and tokens used up block drafts")
    func draftsAndTokens() {
        #expect(BillingEntitlement.decide(plan: plan, status: "active", pastDueSince: nil, usage: usage(drafts: 1000), gracePeriod: grace, now: now).block == .draftLimit)
        #expect(BillingEntitlement.decide(plan: plan, status: "active", pastDueSince: nil, usage: usage(tokens: 1_000_000), gracePeriod: grace, now: now).block == .llmTokenLimit)
    }

    @Test("past_due keeps the plan during the grace period, then blocks")
    func pastDue() {
        let inGrace = BillingEntitlement.decide(plan: plan, status: "past_due", pastDueSince: now.addingTimeInterval(-6 * 86_400), usage: usage(), gracePeriod: grace, now: now)
        #expect(inGrace.draftsAllowed)
        let after = BillingEntitlement.decide(plan: plan, status: "past_due", pastDueSince: now.addingTimeInterval(-7 * 86_400), usage: usage(), gracePeriod: grace, now: now)
        #expect(after.block == .pastDueGraceOver && !after.draftsAllowed && after.integrationsActive)
    }

    @Test("canceled pauses integrations; unpaid blocks drafts")
    func canceledAndUnpaid() {
        let canceled = BillingEntitlement.decide(plan: plan, status: "canceled", pastDueSince: nil, usage: usage(), gracePeriod: grace, now: now)
        #expect(canceled.block == .canceled && !canceled.integrationsActive && !canceled.draftsAllowed)
        #expect(BillingEntitlement.decide(plan: plan, status: "unpaid", pastDueSince: nil, usage: usage(), gracePeriod: grace, now: now).block == .unpaid)
    }

    @Test("Stripe statuses map onto the seed's CHECK")
    func statusMapping() {
        let expected = ["active": "active", "trialing": "active", "past_due": "past_due", "unpaid": "unpaid", "incomplete": "unpaid",
                        "paused": "unpaid", "canceled": "canceled", "incomplete_expired": "canceled", "something_new": "unpaid"]
        for (stripe, stored) in expected { #expect(StripeSubscriptionState.storedStatus(stripe) == stored, "\(stripe)") }
    }

    @Test("subscription and invoice objects parse, in old and new API shapes")
    func parsing() throws {
        let old = try JSONDecoder().decode(JSONValue.self, from: Data("""
            {"id": "sub_1", "object": "subscription", "customer": "cus_1", "status": "trialing", "current_period_start": 1700000000,
             "current_period_end": 1702592000, "items": {"data": [{"price": {"id": "price_floworx_pro"}}]}, "metadata": {"business_id": "6F9619FF-8B86-D011-B42D-00CF4FC964FF"}}
            """.utf8))
        let subscription = try #require(StripeSubscriptionState(json: old))
        #expect(subscription.storedStatus == "active" && subscription.priceId == "price_floworx_pro" && subscription.businessId != nil)
        #expect(subscription.currentPeriodStart == Date(timeIntervalSince1970: 1_700_000_000))
        let new = try JSONDecoder().decode(JSONValue.self, from: Data("""
            {"id": "sub_2", "object": "subscription", "customer": {"id": "cus_2"}, "status": "active",
             "items": {"data": [{"price": {"id": "price_x"}, "current_period_start": 1, "current_period_end": 2}]}}
            """.utf8))
        let second = try #require(StripeSubscriptionState(json: new))
        #expect(second.customerId == "cus_2" && second.currentPeriodEnd == Date(timeIntervalSince1970: 2))
        let invoice = try #require(StripeInvoiceState(json: try JSONDecoder().decode(JSONValue.self, from: Data("""
            {"id": "in_1", "object": "invoice", "status": "uncollectible", "amount_due": 4900, "currency": "usd",
             "parent": {"subscription_details": {"subscription": "sub_2"}}, "hosted_invoice_url": "https://invoice.example/1"}
            """.utf8))))
        #expect(invoice.subscriptionId == "sub_2" && invoice.storedStatus == "open" && invoice.amount == Decimal(49) && invoice.currency == "USD")
        let yen = StripeInvoiceState(id: "in_2", customerId: nil, subscriptionId: nil, status: "paid", amountDue: 500, currency: "JPY", dueDate: nil, paidAt: nil, hostedInvoiceURL: nil, number: nil)
        #expect(yen.amount == Decimal(500))
    }
}
