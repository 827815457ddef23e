import FloWorxCore
import Foundation
import Testing

@Suite("Billing plan catalog")
struct BillingPlanCatalogTests {
    @Test("the built-in catalog parses and has a free plan without a price")
    func builtIn() throws {
        let catalog = try PlanCatalog.parse(Data(PlanCatalog.builtInJSON.utf8))
        #expect(catalog.freePlan.id == "free")
        #expect(catalog.freePlan.stripePriceId == nil)
        #expect(catalog.plan(stripePriceId: "price_floworx_pro")?.id == "pro")
        #expect(catalog.plan(id: "starter")?.limits.emailsPerMonth == 5000)
    }

    @Test("null limits are unlimited")
    func unlimited() throws {
        let catalog = try PlanCatalog.parse(Data("""
            {"free_plan": "free", "plans": [{"id": "free", "name": "Free", "price_cents": 0, "currency": "usd", "interval": "month",
              "limits": {"emails_per_month": null, "mailboxes": 1, "drafts_per_month": null, "llm_tokens_per_month": 0, "managers": null}}]}
            """.utf8))
        #expect(catalog.freePlan.limits.emailsPerMonth == nil)
        #expect(catalog.freePlan.limits.llmTokensPerMonth == 0)
        #expect(catalog.freePlan.currency == "USD")
    }

    @Test("every problem is named by its field")
    func problemsByField() throws {
        let json = """
            {"free_plan": "gold", "extra": 1, "plans": [
              {"id": "Pro!", "name": "", "price_cents": -1, "currency": "dollars", "interval": "week", "stripe_price_id": 5,
               "limits": {"emails_per_month": 1.5, "mailboxes": 1, "drafts_per_month": 10, "llm_tokens_per_month": 10, "typo": 1}, "features": [3]},
              {"id": "a", "name": "A", "price_cents": 100, "currency": "USD", "interval": "month", "stripe_price_id": null,
               "limits": {"emails_per_month": 1, "mailboxes": 1, "drafts_per_month": 1, "llm_tokens_per_month": 1, "managers": 1}},
              {"id": "a", "name": "A2", "price_cents": 0, "currency": "USD", "interval": "month", "limits": "none"}
            ]}
            """
        let error = try #require(throws: PlanCatalogError.self) { try PlanCatalog.parse(Data(json.utf8)) }
        let fields = Set(error.problems.map(\.field))
        for field in [
            "extra", "free_plan", "plans[0].id", "plans[0].name", "plans[0].price_cents", "plans[0].currency", "plans[0].interval",
            "plans[0].stripe_price_id", "plans[0].limits.emails_per_month", "plans[0].limits.managers", "plans[0].limits.typo",
            "plans[0].features[0]", "plans[1].stripe_price_id", "plans[2].id", "plans[2].limits",
        ] {
            #expect(fields.contains(field), "missing problem for \(field): \(error)")
        }
    }

    @Test("the free plan must be free")
    func freePlanWithPrice() throws {
        let json = """
            {"free_plan": "pro", "plans": [{"id": "pro", "name": "Pro", "price_cents": 100, "currency": "USD", "interval": "month",
              "stripe_price_id": "price_1", "limits": {"emails_per_month": 1, "mailboxes": 1, "drafts_per_month": 1, "llm_tokens_per_month": 1, "managers": 1}}]}
            """
        let error = try #require(throws: PlanCatalogError.self) { try PlanCatalog.parse(Data(json.utf8)) }
        #expect(error.problems.map(\.field) == ["free_plan"])
    }

    @Test("a body that is not JSON is one problem at $")
    func notJSON() throws {
        let error = try #require(throws: PlanCatalogError.self) { try PlanCatalog.parse(Data("plans: []".utf8)) }
        #expect(error.problems.map(\.field) == ["$"])
    }
}
