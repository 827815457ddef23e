import FloWorxCore
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// The plans' standing limits (issue 15, migration 0049): connected mailboxes and managers, enforced by the database
/// on every path and answered 402 `plan_limit_reached` with nothing written. The built-in free plan allows 1 mailbox
/// and 2 managers, Starter 2 and 5.
@Suite("Billing: plan limits on mailboxes and managers")
struct BillingPlanLimitTests {
    /// Syncs the built-in catalog's limits, as `floworx serve` does at start-up.
    static func enforce(_ app: TestApp) async throws {
        try await PlanLimitRepository(database: app.db.database.service).sync(.builtIn)
    }

    /// `count` managers as JSON; `phone` for the first.
    static func managers(_ count: Int, phone: String = "780-555-0100") -> String {
        let items = (0..<count).map { index in
            #"{"name": "Manager \#(index)", "email": "m\#(index)@plan.test"\#(index == 0 ? #", "phone": "\#(phone)""# : "")}"#
        }
        return "[" + items.joined(separator: ", ") + "]"
    }

    static func patchManagers(_ app: TestApp, _ owner: Session, _ json: String) async throws -> TestResponse {
        try await app.request(.patch, "/rest/v1/profiles?id=eq.\(owner.id)", as: .user(owner), json: #"{"managers": \#(json)}"#)
    }

    static func managerCount(_ app: TestApp, _ owner: Session) async throws -> Int {
        try await app.db.count("SELECT jsonb_array_length(managers)::int FROM public.profiles WHERE id = \(owner.userId)")
    }

    /// Checks a refusal's shape: 402, the stable code, a message naming the limit and the plan, a hint to upgrade.
    static func expectRefused(_ response: TestResponse, limit: String, plan: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status.code == 402, "\(response.status) \(response.text)", sourceLocation: sourceLocation)
        let body = try response.json()
        #expect(body["code"]?.stringValue == "plan_limit_reached", sourceLocation: sourceLocation)
        let message = body["message"]?.stringValue ?? ""
        #expect(message.contains("the \(plan) plan allows") && message.contains(limit == "mailboxes" ? "mailbox" : "manager"), "\(message)", sourceLocation: sourceLocation)
        let everything = response.text
        #expect(everything.contains("/billing") && everything.lowercased().contains("upgrade"), "names the upgrade path: \(everything)", sourceLocation: sourceLocation)
    }

    /// Puts the business on `plan` with a subscription in `status` (as the Stripe webhook would write it).
    static func subscribe(_ app: TestApp, _ owner: Session, plan: String, status: String, pastDueSince: Date? = nil) async throws {
        let service = app.db.database.service
        try await service.query("DELETE FROM public.subscriptions WHERE client_id = \(owner.userId)").collect()
        let rows = try await service.query("""
            INSERT INTO public.subscriptions (client_id, plan_id, status, current_period_start, current_period_end)
            VALUES (\(owner.userId), \(plan), \(status), now() - interval '1 day', now() + interval '29 days') RETURNING id
            """).collect()
        let id = try rows[0].decode(UUID.self)
        try await service.query("""
            INSERT INTO floworx.stripe_objects (stripe_id, kind, client_id, local_id, stripe_status, past_due_since)
            VALUES (\("sub_" + UUID().uuidString), 'subscription', \(owner.userId), \(id), \(status), \(pastDueSince))
            """).collect()
    }

    @Test("a third manager is refused through the data API with 402; editing and removing managers within the limit work")
    func managersThroughREST() async throws {
        try await TestApp.with { app in
            try await Self.enforce(app)
            let owner = try await app.signUp()
            let two = try await Self.patchManagers(app, owner, Self.managers(2))
            #expect((200..<300).contains(two.status.code), "\(two.text)")
            let three = try await Self.patchManagers(app, owner, Self.managers(3))
            try Self.expectRefused(three, limit: "managers", plan: "Free")
            #expect(try await Self.managerCount(app, owner) == 2, "nothing written")
            // Editing a manager's phone, the count unchanged, works.
            let edited = try await Self.patchManagers(app, owner, Self.managers(2, phone: "780-555-0199"))
            #expect((200..<300).contains(edited.status.code), "\(edited.text)")
            #expect(try await app.db.text("SELECT managers->0->>'phone' FROM public.profiles WHERE id = \(owner.userId)") == "780-555-0199")
            let one = try await Self.patchManagers(app, owner, Self.managers(1))
            #expect((200..<300).contains(one.status.code))
            #expect(try await Self.managerCount(app, owner) == 1)
            // The refusal is the database's: the service role's own write is refused the same way.
            await #expect(throws: PlanLimitError.self) {
                do {
                    try await app.db.database.service.query("UPDATE public.profiles SET managers = \(Self.managers(3))::jsonb WHERE id = \(owner.userId)").collect()
                } catch {
                    throw PlanLimitError(error) ?? error
                }
            }
        }
    }

    /// Migration 0061: an invalid list (six managers, where five is the most any plan may hold) is the data's own
    /// error, 400 23514 naming the field, not a plan refusal; the plan is checked only for a valid row.
    @Test("an invalid managers list is refused by its validation (400 23514) before the plan's limit is checked")
    func validationBeforeThePlan() async throws {
        try await TestApp.with { app in
            try await Self.enforce(app)
            let owner = try await app.signUp()
            let six = try await Self.patchManagers(app, owner, Self.managers(6))
            #expect(six.status.code == 400, "\(six.status) \(six.text)")
            #expect(try six.json()["code"]?.stringValue == "23514")
            #expect(six.text.contains("profiles.managers[5]"), "\(six.text)")
            let bad = try await Self.patchManagers(app, owner, #"[{"name": "A", "email": "a@plan.test"}, {"name": "B", "email": "b@plan.test"}, {"name": "C"}]"#)
            #expect(bad.status.code == 400 && bad.text.contains("profiles.managers[2].email"), "\(bad.status) \(bad.text)")
            #expect(try await Self.managerCount(app, owner) == 0, "nothing written")
            // A valid third manager is the plan's to refuse.
            try Self.expectRefused(try await Self.patchManagers(app, owner, Self.managers(3)), limit: "managers", plan: "Free")
        }
    }

    @Test("onboarding with a third manager is refused with 402 and writes nothing")
    func managersThroughOnboarding() async throws {
        try await TestApp.with { app in
            try await Self.enforce(app)
            let owner = try await app.signUp()
            let document = OnboardingTests.document { object in
                object["managers"] = try! JSONSerialization.jsonObject(with: Data(Self.managers(3).utf8))
            }
            let refused = try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: document)
            try Self.expectRefused(refused, limit: "managers", plan: "Free")
            #expect(try await Self.managerCount(app, owner) == 0)
            #expect(try await OnboardingTests.rows(app, "business_hours", owner.id) == 0, "nothing written")
            #expect(try await app.db.text("SELECT client_config->'business'->>'name' FROM public.profiles WHERE id = \(owner.userId)") == nil)
            // Within the limit the same document is accepted.
            let accepted = try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: OnboardingTests.document)
            #expect(accepted.status == .created, "\(accepted.text)")
        }
    }

    @Test("an upgraded business may add more; past_due in grace keeps the plan; a downgrade keeps what exists and refuses additions")
    func upgradeAndDowngrade() async throws {
        try await TestApp.with { app in
            try await Self.enforce(app)
            let owner = try await app.signUp()
            try await Self.subscribe(app, owner, plan: "starter", status: "active")
            let four = try await Self.patchManagers(app, owner, Self.managers(4))
            #expect((200..<300).contains(four.status.code), "\(four.text)")
            let six = try await Self.patchManagers(app, owner, Self.managers(6))
            // The JSON schema allows 5 at most, so a sixth is refused by it first; the plan allows 5 too.
            #expect(six.status.code >= 400 && six.status.code < 500)
            // Two mailboxes on Starter.
            for provider in ["gmail", "outlook"] {
                let added = try await app.request(.post, "/rest/v1/integrations", as: .user(owner), json: #"{"client_id": "\#(owner.id)", "provider": "\#(provider)"}"#)
                #expect(added.status == .created, "\(added.text)")
            }
            // past_due within the grace period: still Starter.
            #expect((200..<300).contains(try await Self.patchManagers(app, owner, Self.managers(3)).status.code))
            try await Self.subscribe(app, owner, plan: "starter", status: "past_due", pastDueSince: Date())
            #expect((200..<300).contains(try await Self.patchManagers(app, owner, Self.managers(4)).status.code))
            // Grace over (8 days, the default grace is 7): the free plan's limits apply; existing rows stay.
            try await Self.subscribe(app, owner, plan: "starter", status: "past_due", pastDueSince: Date().addingTimeInterval(-8 * 86_400))
            try Self.expectRefused(try await Self.patchManagers(app, owner, Self.managers(5)), limit: "managers", plan: "Free")
            // Canceled: free; four managers and two mailboxes are kept, editing works, additions are refused.
            try await Self.subscribe(app, owner, plan: "starter", status: "canceled")
            #expect(try await Self.managerCount(app, owner) == 4)
            let edited = try await Self.patchManagers(app, owner, Self.managers(4, phone: "780-555-0142"))
            #expect((200..<300).contains(edited.status.code), "editing over the limit after a downgrade works: \(edited.text)")
            let fewer = try await Self.patchManagers(app, owner, Self.managers(3))
            #expect((200..<300).contains(fewer.status.code), "removing works")
            try Self.expectRefused(try await Self.patchManagers(app, owner, Self.managers(4)), limit: "managers", plan: "Free")
            #expect(try await app.db.count("SELECT count(*)::int FROM public.integrations WHERE client_id = \(owner.userId)") == 2)
            // A revoked mailbox revived is a new mailbox: refused over the limit.
            let revived = try await app.request(.patch, "/rest/v1/integrations?provider=eq.gmail", as: .user(owner), json: #"{"status": "revoked"}"#)
            #expect((200..<300).contains(revived.status.code), "\(revived.text)")
            try Self.expectRefused(try await app.request(.patch, "/rest/v1/integrations?provider=eq.gmail", as: .user(owner), json: #"{"status": "active"}"#),
                                   limit: "mailboxes", plan: "Free")
            // The billing view counts them.
            let view = try await app.request(.get, "/api/v1/billing", as: .user(owner))
            let usage = try view.json()["usage"]
            #expect(usage?["mailboxes"]?.numberValue == 1 && usage?["managers"]?.numberValue == 3, "\(view.text)")
        }
    }

    @Test("concurrent mailbox additions cannot pass the limit; a revoked one does not count")
    func concurrentMailboxes() async throws {
        try await TestApp.with(connections: 8) { app in
            try await Self.enforce(app)
            let owner = try await app.signUp()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        let provider = index % 2 == 0 ? "gmail" : "outlook"
                        return Int(try await app.request(.post, "/rest/v1/integrations", as: .user(owner),
                                                         json: #"{"client_id": "\#(owner.id)", "provider": "\#(provider)"}"#).status.code)
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 402 }.count == 7, "\(statuses)")
            #expect(try await app.db.count("SELECT count(*)::int FROM public.integrations WHERE client_id = \(owner.userId)") == 1)
            // Concurrent manager writes: each is one whole array on one row, so none passes 2 either.
            let managerStatuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for count in [2, 3, 2, 3, 1, 3] {
                    group.addTask { Int(try await Self.patchManagers(app, owner, Self.managers(count)).status.code) }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(managerStatuses.filter { $0 == 402 }.count == 3, "\(managerStatuses)")
            #expect(try await Self.managerCount(app, owner) <= 2)
            // Another owner writing into this business is refused by row-level security, never told its plan.
            let intruder = try await app.signUp()
            let foreign = try await app.request(.post, "/rest/v1/integrations", as: .user(intruder), json: #"{"client_id": "\#(owner.id)", "provider": "outlook"}"#)
            #expect(foreign.status == .forbidden && !foreign.text.contains("plan"), "\(foreign.status) \(foreign.text)")
            // Without synced limits (FLOWORX_BILLING_ENFORCE=false) nothing is enforced.
            try await PlanLimitRepository(database: app.db.database.service).sync(nil)
            let second = try await app.request(.post, "/rest/v1/integrations", as: .user(owner), json: #"{"client_id": "\#(owner.id)", "provider": "outlook"}"#)
            #expect(second.status == .created)
        }
    }
}
