import FloWorxCore
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import FloWorxWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// The escalation rules page against a real application and PostgreSQL: the list with the safety defaults, the editor's
/// validation (422, the field named, nothing written), "test this rule on the last 100 emails" through the real rule
/// engine, saving, switching and deleting through forms, and another business's rule being not found.
@Suite struct RulesPageTests {
    /// The owner's rules as stored: name → (conditions JSON, actions JSON, active).
    private func stored(_ app: WebTestApp, owner: UUID) async throws -> [String: (conditions: String, actions: String, active: Bool)] {
        var rules: [String: (String, String, Bool)] = [:]
        let rows = try await app.db.database.service.query("""
            SELECT name, conditions::text, actions::text, is_active FROM public.escalation_rules WHERE client_id = \(owner)
            """)
        for try await (name, conditions, actions, active) in rows.decode((String, String, String, Bool).self) { rules[name] = (conditions, actions, active) }
        return rules
    }

    /// The form fields of a rule with one group of conditions.
    private func fields(name: String, match: String = "all", rows: [(String, String, String)], extra: [String: String] = [:]) -> [String: String] {
        var fields = ["name": name, "priority": "5", "active": "1", "match": "all", "groups": "1", "g0_match": match, "g0_rows": "\(rows.count)",
                      "notify": "1", "notify_to": "role:owner", "notify_email": "1", "escalate": "1", "do": "save"]
        for (index, row) in rows.enumerated() {
            fields["g0_c\(index)_fact"] = row.0
            fields["g0_c\(index)_op"] = row.1
            fields["g0_c\(index)_value"] = row.2
        }
        return fields.merging(extra) { $1 }
    }

    @Test func theListShowsTheSafetyDefaultsInPlainWords() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            _ = try await browser.signUp()
            let page = try await browser.get("/rules")
            let html = String(buffer: page.body)
            #expect(page.status == .ok)
            for rule in RuleEngine.defaultRules { #expect(html.contains(rule.name), "lists \(rule.name)") }
            #expect(html.components(separatedBy: "Safety default</span>").count - 1 == RuleEngine.defaultRules.count)
            #expect(html.contains("Category is Urgent, or Urgency is critical"))
            #expect(html.contains("notify the owner by email; mark it escalated"))
            #expect(html.contains("aria-current=\"page\">Rules"))
            // Signed out, the page leads to the sign-in page.
            #expect(try await Browser(app).get("/rules").status == .seeOther)
        }
    }

    @Test func anInvalidRuleIsAnsweredWith422NamingTheFieldAndNothingIsWritten() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            let owner = try await app.userId(try await browser.signUp())
            let before = try await stored(app, owner: owner)
            try await browser.get("/rules/new")
            // No name, an urgency that does not exist, an operator that does not fit a category, a bad priority.
            let answer = try await browser.post("/rules/new", fields(name: "  ", rows: [("urgency", "eq", "extreme"), ("category", "gt", "URGENT")],
                                                                       extra: ["set_priority": "1", "priority_value": "500"]))
            let html = String(buffer: answer.body)
            #expect(answer.status == .unprocessableContent)
            #expect(html.contains(#"id="name-error""#) && html.contains("Give the rule a name."))
            #expect(html.contains(#"id="g0_c0_value-error""#) && html.contains("&quot;extreme&quot; is not one of"))
            #expect(html.contains(#"id="priority_value-error""#))
            #expect(html.contains(#"value="extreme""#), "what the owner typed is kept")
            // With the form's own checks passed, the engine's validator names the operator that does not fit.
            let misfit = try await browser.post("/rules/new", fields(name: "Misfit", rows: [("category", "gt", "URGENT")]))
            #expect(misfit.status == .unprocessableContent)
            #expect(String(buffer: misfit.body).contains(#"id="g0_c0_op-error""#))
            // JSON: the problem by its path.
            let json = try await browser.post("/rules/new", ["name": "Raw", "priority": "1", "mode": "json", "do": "save",
                                                              "conditions_json": #"{"fact": "urgency", "op": "equals", "value": "high"}"#,
                                                              "actions_json": #"[{"type": "mark_escalated"}]"#])
            #expect(json.status == .unprocessableContent)
            #expect(String(buffer: json.body).contains("conditions.op: unknown operator &quot;equals&quot;"))
            // A name another rule has.
            let twin = try await browser.post("/rules/new", fields(name: RuleEngine.defaultRules[0].name, rows: [("urgency", "eq", "high")]))
            #expect(twin.status == .unprocessableContent)
            #expect(String(buffer: twin.body).contains("rule names are unique"))
            #expect(try await stored(app, owner: owner).count == before.count, "nothing was written")
        }
    }

    @Test func testingARuleShowsExactlyTheEmailsTheRuleEngineMatchesWithoutSavingIt() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            let owner = try await app.userId(try await browser.signUp())
            let other = Browser(app)
            let stranger = try await app.userId(try await other.signUp())
            _ = try await app.addEmail(owner: owner, subject: "Burst pipe in the basement", urgency: "critical")
            _ = try await app.addEmail(owner: owner, subject: "Quote for a furnace", urgency: "high")
            _ = try await app.addEmail(owner: owner, subject: "Small leak under the sink", urgency: "normal")
            _ = try await app.addEmail(owner: owner, subject: "Pipe leak again", urgency: "high")
            // Another business's email that the rule would match: never seen.
            _ = try await app.addEmail(owner: stranger, subject: "Stranger's pipe leak", urgency: "critical")
            let before = try await stored(app, owner: owner)
            try await browser.get("/rules/new")
            let answer = try await browser.post("/rules/new", fields(
                name: "Leaks that cannot wait", rows: [("urgency", "gte", "high"), ("subject", "contains_any", "pipe, leak")], extra: ["do": "test"]))
            let html = String(buffer: answer.body)
            #expect(answer.status == .ok)
            #expect(html.contains("Of your last 4 processed emails, this rule (not saved yet) would have matched <strong>2</strong>"))
            let results = String(html[html.range(of: "id=\"test-results\"")!.lowerBound...])
            #expect(results.contains("Burst pipe in the basement") && results.contains("Pipe leak again"))
            #expect(!results.contains("Quote for a furnace") && !results.contains("Small leak under the sink") && !results.contains("Stranger"))
            #expect(results.contains("Escalated"), "says what the rule would have done")

            // The same emails and rule through the engine directly give the same matches.
            let rule = EscalationRule(id: UUID(), name: "check", conditions: .all([
                .leaf(RuleLeaf(fact: .urgency, op: .gte, value: .string("high"))),
                .leaf(RuleLeaf(fact: .subject, op: .containsAny, value: .array([.string("pipe"), .string("leak")]))),
            ]), actions: [.markEscalated], priority: 1)
            let subjects = ["Burst pipe in the basement": Urgency.critical, "Quote for a furnace": .high, "Small leak under the sink": .normal, "Pipe leak again": .high]
            let engine = subjects.filter { subject, urgency in
                let facts = EmailFacts(
                    message: EmailMessage(messageId: "m", from: EmailAddress(email: "customer@example.net"), to: [], subject: subject, text: "", receivedAt: Date()),
                    classification: Classification(category: .support, confidence: 0.9, urgency: urgency, sentiment: .negative, draftAppropriate: true),
                    afterHours: true, now: Date())
                return !RuleEngine.evaluate([rule], facts: facts, managers: []).matches.isEmpty
            }.keys
            #expect(Set(engine) == ["Burst pipe in the basement", "Pipe leak again"])
            #expect(try await stored(app, owner: owner).count == before.count, "testing saves nothing")
        }
    }

    @Test func aRuleIsCreatedEditedSwitchedOffAndDeletedThroughForms() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            let owner = try await app.userId(try await browser.signUp())
            try await browser.get("/rules/new")
            // "Add a condition" reposts the form and keeps what was typed.
            let grown = try await browser.post("/rules/new", fields(name: "After-hours leaks", rows: [("after_hours", "eq", "yes")], extra: ["do": "add_row:0"]))
            #expect(grown.status == .ok)
            #expect(String(buffer: grown.body).contains(#"name="g0_c1_fact""#) && String(buffer: grown.body).contains(#"value="After-hours leaks""#))
            let saved = try await browser.post("/rules/new", fields(name: "After-hours leaks", match: "all",
                                                                     rows: [("after_hours", "eq", "yes"), ("body", "not_contains", "invoice, receipt")]))
            #expect(saved.status == .seeOther)
            let rule = try #require(try await stored(app, owner: owner)["After-hours leaks"])
            let conditions = try JSONDecoder().decode(RuleCondition.self, from: Data(rule.conditions.utf8))
            #expect(conditions == .all([
                .leaf(RuleLeaf(fact: .afterHours, op: .eq, value: .bool(true))),
                .not(.leaf(RuleLeaf(fact: .body, op: .containsAny, value: .array([.string("invoice"), .string("receipt")])))),
            ]))
            let actions = try JSONDecoder().decode([RuleAction].self, from: Data(rule.actions.utf8))
            #expect(actions == [.notify(channels: [.email], target: RuleAction.Target(role: .owner)), .markEscalated])
            let location = try #require(saved.headers[.location])
            #expect(location.hasPrefix("/rules?saved="))
            let list = String(buffer: try await browser.get(location).body)
            #expect(list.contains("After-hours leaks") && list.contains("Rule saved."))
            let id = try await app.db.database.service.query("SELECT id FROM public.escalation_rules WHERE client_id = \(owner) AND name = 'After-hours leaks'")
                .collect().first!.decode(UUID.self).uuidString.lowercased()
            // The editor draws the stored rule again, rows and actions filled in.
            let edit = String(buffer: try await browser.get("/rules/\(id)").body)
            #expect(edit.contains(#"value="invoice, receipt""#) && edit.contains(#"<option value="not_contains" selected>"#))
            #expect(try await browser.post("/rules/\(id)/active", ["active": "0"]).status == .seeOther)
            #expect(try await stored(app, owner: owner)["After-hours leaks"]?.active == false)
            #expect(try await browser.post("/rules/\(id)/delete", [:]).status == .seeOther)
            #expect(try await stored(app, owner: owner)["After-hours leaks"] == nil)
        }
    }

    @Test func anotherOwnersRuleIsNotFoundForReadingAndWriting() async throws {
        try await WebTestApp.with { app in
            let first = Browser(app)
            let firstOwner = try await app.userId(try await first.signUp())
            let theirs = try await app.db.database.service.query("SELECT id FROM public.escalation_rules WHERE client_id = \(firstOwner) LIMIT 1")
                .collect().first!.decode(UUID.self).uuidString.lowercased()
            let before = try await stored(app, owner: firstOwner)
            let second = Browser(app)
            _ = try await second.signUp()
            let page = try await second.get("/rules/\(theirs)")
            #expect(page.status == .notFound)
            #expect(!String(buffer: page.body).contains("Safety default: "))
            #expect(try await second.post("/rules/\(theirs)", fields(name: "Hijacked", rows: [("urgency", "eq", "low")])).status == .notFound)
            #expect(try await second.post("/rules/\(theirs)", fields(name: "Hijacked", rows: [("urgency", "eq", "low")], extra: ["do": "test"])).status == .notFound)
            #expect(try await second.post("/rules/\(theirs)/active", ["active": "0"]).status == .notFound)
            #expect(try await second.post("/rules/\(theirs)/delete", [:]).status == .notFound)
            #expect(try await second.get("/rules/not-a-uuid").status == .notFound)
            let after = try await stored(app, owner: firstOwner)
            #expect(after.count == before.count && after.values.allSatisfy(\.active) && after["Hijacked"] == nil)
        }
    }
}
